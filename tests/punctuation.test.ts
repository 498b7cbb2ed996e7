import { describe, expect, it } from 'vitest';
import { MappedText } from '../src/text/mapped.js';
import { collapseWhitespace, fullWidthPunctuation, halfWidthAlnum, normalisePunctuation } from '../src/text/punctuation.js';

const ALL = { fullWidthPunctuation: true, halfWidthAlnum: true };
const norm = (s: string) => normalisePunctuation(MappedText.fromSource(s), ALL).text;

describe('fullWidthPunctuation', () => {
  it('turns ASCII , ? ! : ; ( ) between Chinese into full width', () => {
    expect(norm('你好,世界!这是(测试)吗?是的:好;')).toBe('你好，世界！这是（测试）吗？是的：好；');
  });

  it('drops the spaces left around converted marks', () => {
    expect(norm('你好 , 世界 ! 再见')).toBe('你好，世界！再见');
  });

  it('converts a bracket pair when Chinese precedes it or is inside it', () => {
    expect(norm('模型(model)很大')).toBe('模型（model）很大');
    expect(norm('see (中文) here')).toBe('see（中文）here');
  });

  it('leaves English punctuation in English alone', () => {
    expect(norm('He said, hello! (yes) Right? OK: fine; go.')).toBe('He said, hello! (yes) Right? OK: fine; go.');
  });

  it('leaves numbers exactly as they were: 68.74, 1.8万亿, 3.5%, 1,000, 12:30', () => {
    expect(norm('价格68.74元,增长3.5%,规模1.8万亿')).toBe('价格68.74元，增长3.5%，规模1.8万亿');
    expect(norm('人数1,000,时间12:30')).toBe('人数1,000，时间12:30');
  });

  it('leaves versions and product names exactly as they were: GPT-3.5, Llama 2, Node.js', () => {
    expect(norm('GPT-3.5很强,Llama 2也不错,Node.js也行')).toBe('GPT-3.5很强，Llama 2也不错，Node.js也行');
  });

  it('leaves URLs exactly as they were, converting only the punctuation after them', () => {
    expect(norm('见http://a.com/x?y=1&z=(2),谢谢')).toBe('见http://a.com/x?y=1&z=(2)，谢谢');
    expect(norm('见https://example.com/a?b=1:谢谢')).toBe('见https://example.com/a?b=1：谢谢');
  });

  it('leaves Latin phrases inside Chinese as they were', () => {
    expect(norm('他说Hello, world!然后走了')).toBe('他说Hello, world！然后走了');
  });

  it('turns ... after Chinese into ……', () => {
    expect(norm('他说...好吧')).toBe('他说……好吧');
    expect(norm('等等。。。')).toBe('等等……');
    expect(norm('等等…然后')).toBe('等等……然后');
    expect(norm('等等……然后')).toBe('等等……然后');
  });

  it('keeps every code unit mapped to its source span', () => {
    const src = '你好 , 世界!';
    const out = fullWidthPunctuation(collapseWhitespace(MappedText.fromSource(src)));
    expect(out.text).toBe('你好，世界！');
    expect(out.sourceSpan(2, 3)).toEqual({ start: 3, end: 4 });
    expect(out.sourceSpan(5, 6)).toEqual({ start: 7, end: 8 });
  });
});

describe('halfWidthAlnum', () => {
  it('turns full-width letters and digits into half width, nothing else', () => {
    expect(halfWidthAlnum(MappedText.fromSource('１２３ＡＢＣｘｙｚ，（）')).text).toBe('123ABCxyz，（）');
  });

  it('makes full-width numbers and names protectable', () => {
    expect(norm('ＧＰＴ－４发布了，价格６８．７４元')).toBe('GPT－4发布了，价格68．74元');
  });
});

describe('collapseWhitespace', () => {
  it('collapses spaces, drops zero-width characters and spaces next to CJK punctuation, trims', () => {
    expect(collapseWhitespace(MappedText.fromSource('\u3000 你好\u200B ，\t世界  abc  def ')).text).toBe('你好，世界 abc def');
  });
});
