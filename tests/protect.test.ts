import { describe, expect, it } from 'vitest';
import { protectedInterior, protectedSpans, type ProtectedKind } from '../src/text/protect.js';

const spans = (text: string): [string, ProtectedKind][] => protectedSpans(text).map((s) => [text.slice(s.start, s.end), s.kind]);

describe('protectedSpans', () => {
  it('keeps numbers whole: decimals, percentages, thousands, dates, times', () => {
    expect(spans('股价68.74元，涨幅3.5%，规模1.8万亿，人数1,000,000，日期2024-03-15，时间12:30。')).toEqual([
      ['68.74', 'number'],
      ['3.5%', 'number'],
      ['1.8', 'number'],
      ['1,000,000', 'number'],
      ['2024-03-15', 'number'],
      ['12:30', 'number'],
    ]);
  });

  it('does not take a trailing full stop or comma into a number', () => {
    expect(spans('共计100.')).toEqual([['100', 'number']]);
    expect(spans('共1,2,3')).toEqual([['1', 'number'], ['2', 'number'], ['3', 'number']]);
  });

  it('keeps versions and product names whole', () => {
    expect(spans('GPT-3.5、Llama 2、Node.js、C++、C#、AT&T、TCP/IP、xAI、405B、7nm、Windows 11和Python 3.12.1')).toEqual([
      ['GPT-3.5', 'latin'],
      ['Llama 2', 'latin'],
      ['Node.js', 'latin'],
      ['C++', 'latin'],
      ['C#', 'latin'],
      ['AT&T', 'latin'],
      ['TCP/IP', 'latin'],
      ['xAI', 'latin'],
      ['405B', 'latin'],
      ['7nm', 'latin'],
      ['Windows 11', 'latin'],
      ['Python 3.12.1', 'latin'],
    ]);
  });

  it('does not join a lower-case word and a following number (a versioned name starts with a capital)', () => {
    expect(spans('model 3')).toEqual([['model', 'latin'], ['3', 'number']]);
  });

  it('keeps URLs and e-mail addresses whole, without the punctuation or Chinese that follows', () => {
    expect(spans('见https://example.com/a/b.html?x=1&y=2。')).toEqual([['https://example.com/a/b.html?x=1&y=2', 'url']]);
    expect(spans('访问https://example.com/a?b=1了解GPT-3.5')).toEqual([
      ['https://example.com/a?b=1', 'url'],
      ['GPT-3.5', 'latin'],
    ]);
    expect(spans('官网www.example.com.cn/news，欢迎')).toEqual([['www.example.com.cn/news', 'url']]);
    expect(spans('见http://a.com/x?y=1,谢谢')).toEqual([['http://a.com/x?y=1', 'url']]);
    expect(spans('邮箱li.ming@example.com.cn。')).toEqual([['li.ming@example.com.cn', 'email']]);
  });

  it('finds nothing in plain Chinese', () => {
    expect(protectedSpans('这是一段纯中文文本，没有数字。')).toEqual([]);
  });
});

describe('protectedInterior', () => {
  it('marks every code unit of a span but its first', () => {
    const text = '用GPT-3.5写';
    expect([...protectedInterior(text)]).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 0]);
  });
});
