/**
 * A small, strict XML reader for SOAP responses, building the same tree shape the decoder walks: every
 * child element under its (qualified) name in an array, attributes as `@name`, text as `#text`, and a
 * leaf without attributes as its text. One pass over the string with indexOf; no DTDs (a DOCTYPE is
 * refused, so no entity expansion), comments and processing instructions skipped, CDATA kept as text.
 * It is several times faster than a general-purpose parser on large RetrievePropertiesEx answers and
 * builds a smaller tree (see bench/profile_list.ts).
 */
export type XmlNode = string | XmlElement;
export interface XmlElement {
  [key: string]: XmlNode[] | string | undefined;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = "XmlSyntaxError";
  }
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;

/** Replaces the five predefined entities and character references. */
export function decodeEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) === 35 /* # */) {
      const code = body.charCodeAt(1) === 120 /* x */
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>', '='
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || c === 61;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Events of one pass over a document; `attrs` is undefined for an element without attributes. */
export interface XmlHandler {
  open(name: string, attrs: Record<string, string> | undefined): void;
  text(text: string): void;
  close(name: string): void;
}

/** Tree of a document (see the module comment for its shape). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = {};
  // The open elements: name, its object (made once it has attributes or children), its text.
  const names: string[] = [""];
  const objs: (XmlElement | undefined)[] = [root];
  const texts: string[] = [""];
  const parents: boolean[] = [true];
  scanXml(xml, {
    open(name, attrs) {
      let obj: XmlElement | undefined;
      if (attrs) {
        obj = {};
        for (const key in attrs) obj[`@${key}`] = attrs[key];
      }
      names.push(name);
      objs.push(obj);
      texts.push("");
      parents.push(false);
    },
    text(text) {
      texts[texts.length - 1] += text;
    },
    close() {
      const name = names.pop()!;
      const obj = objs.pop();
      const text = texts.pop()!;
      const hasChildren = parents.pop()!;
      let value: XmlNode;
      if (!obj) value = text;
      else {
        if (text !== "" && (!hasChildren || text.trim() !== "")) obj["#text"] = text;
        value = obj;
      }
      const top = objs.length - 1;
      let parent = objs[top];
      if (!parent) objs[top] = parent = {};
      parents[top] = true;
      const list = parent[name];
      if (list === undefined) parent[name] = [value];
      else (list as XmlNode[]).push(value);
    },
  });
  return root;
}

/** One strict pass over `xml`, reporting elements and (entity-decoded) text to `handler`. */
export function scanXml(xml: string, handler: XmlHandler): void {
  const names: string[] = [];
  const n = xml.length;
  let i = 0;

  while (i < n) {
    const lt = xml.indexOf("<", i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      if (names.length > 0) handler.text(decodeEntities(xml.slice(i, end)));
      else if (xml.slice(i, end).trim() !== "") throw new XmlSyntaxError("text outside the root element", i);
    }
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = xml.indexOf(">", lt + 2);
      if (gt < 0) throw new XmlSyntaxError("unterminated end tag", lt);
      const name = xml.slice(lt + 2, gt).trimEnd();
      if (names.length === 0 || names[names.length - 1] !== name) {
        throw new XmlSyntaxError(`unexpected </${name.slice(0, 60)}>`, lt);
      }
      names.pop();
      handler.close(name);
      i = gt + 1;
    } else if (c === 63 /* ? */) {
      const e = xml.indexOf("?>", lt + 2);
      if (e < 0) throw new XmlSyntaxError("unterminated processing instruction", lt);
      i = e + 2;
    } else if (c === 33 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const e = xml.indexOf("-->", lt + 4);
        if (e < 0) throw new XmlSyntaxError("unterminated comment", lt);
        i = e + 3;
      } else if (xml.startsWith("<![CDATA[", lt)) {
        const e = xml.indexOf("]]>", lt + 9);
        if (e < 0 || names.length === 0) throw new XmlSyntaxError("bad CDATA section", lt);
        handler.text(xml.slice(lt + 9, e));
        i = e + 3;
      } else {
        throw new XmlSyntaxError("DOCTYPE and other declarations are not accepted", lt);
      }
    } else {
      // Start tag: name, attributes, then ">" or "/>".
      let p = lt + 1;
      while (p < n && !isNameEnd(xml.charCodeAt(p))) p++;
      if (p === lt + 1) throw new XmlSyntaxError("empty element name", lt);
      const name = xml.slice(lt + 1, p);
      let attrs: Record<string, string> | undefined;
      let selfClosing = false;
      for (;;) {
        while (p < n && isSpace(xml.charCodeAt(p))) p++;
        if (p >= n) throw new XmlSyntaxError("unterminated start tag", lt);
        const ch = xml.charCodeAt(p);
        if (ch === 62 /* > */) {
          p++;
          break;
        }
        if (ch === 47 /* / */) {
          if (xml.charCodeAt(p + 1) !== 62) throw new XmlSyntaxError("bad '/' in start tag", p);
          selfClosing = true;
          p += 2;
          break;
        }
        const a = p;
        while (p < n && !isNameEnd(xml.charCodeAt(p))) p++;
        const attr = xml.slice(a, p);
        while (p < n && isSpace(xml.charCodeAt(p))) p++;
        if (attr === "" || xml.charCodeAt(p) !== 61 /* = */) throw new XmlSyntaxError("bad attribute", a);
        p++;
        while (p < n && isSpace(xml.charCodeAt(p))) p++;
        const quote = xml[p];
        if (quote !== '"' && quote !== "'") throw new XmlSyntaxError("unquoted attribute value", p);
        const close = xml.indexOf(quote, p + 1);
        if (close < 0) throw new XmlSyntaxError("unterminated attribute value", p);
        (attrs ??= {})[attr] = decodeEntities(xml.slice(p + 1, close));
        p = close + 1;
      }
      handler.open(name, attrs);
      if (selfClosing) handler.close(name);
      else names.push(name);
      i = p;
    }
  }
  if (names.length > 0) throw new XmlSyntaxError(`unclosed <${names[names.length - 1]!.slice(0, 60)}>`, n);
}
