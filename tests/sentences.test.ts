import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/text/sentences.js';

const split = (text: string) => splitSentences(text).map(([a, b]) => text.slice(a, b));

/** Hand-made mixed cases: Chinese with numbers, versions, URLs, English, quotes, ellipses and brackets. */
const CASES: [string, string[]][] = [
  // decimals, percentages, thousands
  ['股价上涨了68.74元，涨幅3.5%。明天再说。', ['股价上涨了68.74元，涨幅3.5%。', '明天再说。']],
  ['价格为1,000元（约合US$140.5）。完。', ['价格为1,000元（约合US$140.5）。', '完。']],
  ['GDP达到1.8万亿元.增速为5.2%。', ['GDP达到1.8万亿元.', '增速为5.2%。']],
  // versions and product names
  ['OpenAI发布了GPT-3.5和GPT-4。它很强大！', ['OpenAI发布了GPT-3.5和GPT-4。', '它很强大！']],
  ['我们用Node.js开发.效果不错！', ['我们用Node.js开发.', '效果不错！']],
  ['Llama 2发布了。大家都在用Llama 2.', ['Llama 2发布了。', '大家都在用Llama 2.']],
  ['版本号是v1.2.3。下载地址www.example.com。', ['版本号是v1.2.3。', '下载地址www.example.com。']],
  // URLs and e-mail addresses
  ['详情见https://example.com/a.b?c=1&d=2。谢谢。', ['详情见https://example.com/a.b?c=1&d=2。', '谢谢。']],
  ['请发邮件到li.ming@example.com.cn。我们会回复。', ['请发邮件到li.ming@example.com.cn。', '我们会回复。']],
  // English sentences inside Chinese
  ['他说：This is great. We love it. 然后离开了。', ['他说：This is great.', 'We love it.', '然后离开了。']],
  ['He asked: "Why?" She said nothing. 这是中文。', ['He asked: "Why?"', 'She said nothing.', '这是中文。']],
  // abbreviations and initials
  ['Mr. Smith去了北京。他很开心。', ['Mr. Smith去了北京。', '他很开心。']],
  ['I met Mr. Smith at 3 p.m. today. He said hello. 我们聊了很久。', ['I met Mr. Smith at 3 p.m. today.', 'He said hello.', '我们聊了很久。']],
  ['美国前总统Donald J. Trump昨天表示，他会参加。', ['美国前总统Donald J. Trump昨天表示，他会参加。']],
  // quotes closing after the sentence-final mark
  ['“我们明天再来。”他说。', ['“我们明天再来。”', '他说。']],
  ['“……。”他说。', ['“……。”', '他说。']],
  ['他问：“你来吗？”“来！”我说。', ['他问：“你来吗？”', '“来！”', '我说。']],
  ['她说：“好。 ”然后走了。', ['她说：“好。 ”', '然后走了。']],
  ['「我不去了！」他喊道。', ['「我不去了！」', '他喊道。']],
  // a final mark after the closing quote ends that sentence; a sentence never begins with 。！？
  ['她反问：“谁会愿意等那么久呢？”。会议随后结束。', ['她反问：“谁会愿意等那么久呢？”。', '会议随后结束。']],
  ['她说：“我不知道……”。然后走了。', ['她说：“我不知道……”。', '然后走了。']],
  ['他喊道：“你为什么——”！大家都愣住了。', ['他喊道：“你为什么——”！', '大家都愣住了。']],
  ['他说“好！” 。我们走吧。', ['他说“好！” 。', '我们走吧。']],
  // ellipses: a sentence end in narration, a hesitation in speech
  ['他犹豫了……最后还是走了。', ['他犹豫了……', '最后还是走了。']],
  ['“我…… 我不知道。”她说。', ['“我…… 我不知道。”', '她说。']],
  ['“大哥哥们…… 饶了我吧……”奶奶哭着说。', ['“大哥哥们…… 饶了我吧……”', '奶奶哭着说。']],
  ['这是传奇中的传奇。” ……他们又谈了一会儿。', ['这是传奇中的传奇。” ……', '他们又谈了一会儿。']],
  ['苹果、香蕉……，应有尽有。', ['苹果、香蕉……，应有尽有。']],
  // a dash ends a sentence only when a quote closes after it
  ['“你为什么——”她停住了。', ['“你为什么——”', '她停住了。']],
  ['他的性格——坚韧、沉默——影响了我们。', ['他的性格——坚韧、沉默——影响了我们。']],
  // brackets hold their content together, English included
  ['这个模型（Large Language Model. It is big.）很强。下一句。', ['这个模型（Large Language Model. It is big.）很强。', '下一句。']],
  ['研究表明（见附录。图3）效果显著！结束。', ['研究表明（见附录。图3）效果显著！', '结束。']],
  ['他在Google工作过多年. 后来去了OpenAI. 现在创业。', ['他在Google工作过多年.', '后来去了OpenAI.', '现在创业。']],
  ['会议由Prof. 王主持。', ['会议由Prof. 王主持。']],
  // ASCII ! and ? in Chinese context
  ['你好吗?我很好!谢谢。', ['你好吗?', '我很好!', '谢谢。']],
  // a semicolon does not end a sentence; runs of marks count as one
  ['龙头由藤条屈曲为骨架；龙牙以铁片造成。真的吗？！是的。', ['龙头由藤条屈曲为骨架；龙牙以铁片造成。', '真的吗？！', '是的。']],
];

describe('splitSentences: hand-made mixed cases', () => {
  for (const [text, want] of CASES) {
    it(text, () => {
      expect(split(text)).toEqual(want);
    });
  }
});

describe('splitSentences: ranges', () => {
  it('returns ranges into the text, trimmed of whitespace, covering every non-space character', () => {
    const text = '  第一句。 第二句！  Third one. 第四句';
    const ranges = splitSentences(text);
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['第一句。', '第二句！', 'Third one.', '第四句']);
    const covered = ranges.map(([a, b]) => text.slice(a, b)).join('');
    expect(covered).toBe('第一句。第二句！Third one.第四句');
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   ')).toEqual([]);
  });

  it('never splits inside a protected number, version or URL', () => {
    const text = '增长了12.5%.Python 3.12发布.访问http://a.cn/x.html?id=3.谢谢';
    for (const [a, b] of splitSentences(text)) {
      const s = text.slice(a, b);
      for (const term of ['12.5%', 'Python 3.12', 'http://a.cn/x.html?id=3']) {
        if (s.includes(term.slice(0, 4))) expect(s).toContain(term);
      }
    }
  });
});

describe('splitSentences: the semicolon option', () => {
  const text = 'Llama 2推出后，美洲驼家族扳回一城；可到了9月初，Falcon推出了180B版本。';
  const split = (semicolon: boolean) => splitSentences(text, { semicolon }).map(([a, b]) => text.slice(a, b));

  it('keeps clauses joined by ； in one sentence by default', () => {
    expect(split(false)).toEqual([text]);
  });

  it('ends a sentence at ； when splitAtSemicolon is configured', () => {
    expect(split(true)).toEqual(['Llama 2推出后，美洲驼家族扳回一城；', '可到了9月初，Falcon推出了180B版本。']);
  });
});
