import { contentLength } from './features.js';
import { TextMemo } from './memo.js';

export type MetaField = 'author' | 'source' | 'published';

/** The metadata a byline-like line states. */
export interface MetaLine {
  author?: string;
  source?: string;
  published?: string;
}

const VALUE = String.raw`([^\s|｜,，。;；:：()（）\[\]【】]{1,24}(?:\s[A-Za-z][^\s|｜,，。;；:：()（）\[\]【】]{0,20})?)`;

const AUTHOR_RES = [
  new RegExp(String.raw`(?:^|[\s|｜,，(（【\[])(?:作者|原作者|撰文|文字|记者|作\s者)\s*(?:[:：|｜/／]\s*|\s+)${VALUE}`, 'u'),
  new RegExp(String.raw`^文\s*[/／|｜:：]\s*${VALUE}`, 'u'),
];
const SOURCE_RES = [
  new RegExp(String.raw`(?:^|[\s|｜,，(（【\[])(?:来源|稿源|出处|来源公众号|来源于|转自|转载自|原文来源)\s*(?:[:：|｜]\s*|\s+)${VALUE}`, 'u'),
  new RegExp(String.raw`本文(?:来源于|来自|转载自|转自)(?:微信)?(?:公众号)?\s*[:：「“《]?\s*([^(（,，。「」“”《》]{1,24})`, 'u'),
];
const DATE_RE =
  /(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}:\d{2})?|(?<![\d.])\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?(?![\d.]))/u;
const PUBLISHED_LABEL = /(?:发表于|发布于|发布时间|发表时间|更新时间|时间|日期|发布日期|Published|Posted)\s*[:：]?\s*/giu;

/** Words that may sit beside metadata on a byline without making it text (navigation, comment links, editors). */
const FILLER =
  /我要评论|发表评论|评论|打印|收藏|分享|字号|[大中小]|编辑|责任编辑|浏览|阅读|次|人参与|条|只看该作者|正序浏览|倒序浏览|https?:\/\/\S+|www\.\S+|点击|查看|关注|[|｜]/gu;

/**
 * The metadata a line states, when the line is a byline: labelled author and source, a publication date, and
 * little else. Returns undefined for any other line (a sentence that mentions a date is not a byline).
 */
export function parseMetaLine(text: string): MetaLine | undefined {
  let m = parsed.get(text);
  if (m === undefined) m = parsed.set(text, parse(text) ?? null);
  return m ? { ...m } : undefined;
}

/** Lines already parsed (null: not a byline); each asked several times by the chrome and metadata stages. */
const parsed = new TextMemo<MetaLine | null>();

function parse(text: string): MetaLine | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length === 0 || t.length > 90) return undefined;
  if (/[。！？]./u.test(t) && !/本文(?:来源于|来自|转载自|转自)/.test(t)) return undefined;
  // A user panel's dates (registration, last login) are not the article's.
  if (/^(?:注册|最后登录|上次登录|在线时间|生日|加入时间|注册时间|积分|阅读权限|签到)/.test(t)) return undefined;
  const out: MetaLine = {};
  let rest = t;
  for (const re of AUTHOR_RES) {
    const m = re.exec(rest);
    if (m) {
      out.author = m[1]!.trim();
      if (/^(?:记者|本报记者|通讯员|特约记者)$/.test(out.author)) {
        const after = rest.slice(m.index + m[0].length).match(/^\s*([^\s|｜,，。;；:：()（）]{2,12})/);
        if (after) out.author = after[1]!;
        rest = rest.replace(after?.[0] ?? '', ' ');
      }
      rest = rest.replace(m[0], ' ');
      break;
    }
  }
  for (const re of SOURCE_RES) {
    const m = re.exec(rest);
    if (m) {
      out.source = m[1]!.trim();
      rest = rest.replace(m[0], ' ');
      break;
    }
  }
  // A bracketed byline: 【钟武达、陈世宗／综合报导】, (记者 张三／台北报导), [新华社 北京电].
  const by = /^[【\[(（]\s*([^】\]）)]{1,40}?)\s*[/／╱]\s*([^】\]）)]{0,12}?(?:报导|报道|电|讯|整理))\s*[】\])）]$/u.exec(rest.trim());
  if (by && out.author === undefined) {
    const parts = `${by[1]}/${by[2]}`.split(/\s*[╱/／]\s*/);
    const last = parts.pop()!;
    if (/(?:电|讯)$/.test(last)) out.source ??= parts[0]!.trim();
    else out.author = parts[parts.length - 1]!.replace(/^(?:本报)?记者\s*/, '').trim();
    rest = ' ';
  }
  // An unbracketed byline: 记者陈钧凯／台北报导.
  const by2 = /^(?:[^\s/／╱]{2,8}[╱/／])?(?:记者|实习记者|特派记者|特派员)?\s*([^\s/／╱]{2,12})\s*[/／╱]\s*\S{0,8}(?:报导|报道|整理)(?=\s|$)/u.exec(rest.trim());
  if (by2 && out.author === undefined) {
    out.author = by2[1]!;
    rest = rest.trim().slice(by2[0].length);
  }
  const d = DATE_RE.exec(rest);
  if (d) {
    out.published = d[1]!.replace(/\s+/g, ' ').trim();
    rest = rest.replace(d[0], ' ');
  }
  if (!out.author && !out.source && !out.published) return undefined;
  // A line that labels its date (时间：, 发布于) or names its source is a byline even with a site name or a menu beside.
  const labelled = out.source !== undefined || out.author !== undefined || /(?:发表于|发布于|发布时间|发表时间|更新时间|时间|日期|发布日期)\s*[:：]/.test(t);
  rest = rest.replace(PUBLISHED_LABEL, ' ').replace(FILLER, ' ').replace(/\b[a-z0-9-]+(?:\.[a-z0-9-]+){1,4}\b/gi, ' ');
  // An editor's note that names the source (本文来源于…, 经授权发布) is a byline whatever its length.
  const note = /本文(?:来源于|来自|转载自|转自)|经授权|授权发布/.test(t) && (out.source !== undefined || out.author !== undefined);
  const left = contentLength(rest.replace(/[\s\p{P}\p{S}]/gu, '')).len;
  if (!note && left > (labelled ? 20 : 10)) return undefined;
  if (note && t.length > 90) return undefined;
  return out;
}

/** The first field a metadata line states (names its removal rule). */
export function firstField(m: MetaLine): MetaField {
  return m.author !== undefined ? 'author' : m.source !== undefined ? 'source' : 'published';
}
