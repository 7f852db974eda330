// The API server checks `pattern` with Go's regexp (RE2 syntax, unanchored, on code points); JSON Schema
// validators compile it as a JavaScript `u` regexp. This rewrites the RE2 constructs JavaScript spells
// differently, so both accept the same strings; what has no JavaScript spelling makes the whole pattern
// untranslatable, and the caller leaves that check to the API server.

class Untranslatable extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// Go's \s is ASCII whitespace only; JavaScript's also takes \v and Unicode spaces.
const GO_SPACE = '\\t\\n\\f\\r ';

// Characters a JavaScript `u` regexp lets you escape with a backslash.
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');

interface Flags {
  caseInsensitive: boolean;
  dotAll: boolean;
  multiLine: boolean;
}

function hex(code: number): string {
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u{${code.toString(16)}}`;
}

function isLetter(c: string): boolean {
  return /^[a-zA-Z]$/.test(c);
}

function otherCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

function literal(c: string, inClass: boolean, flags: Flags): string {
  const code = c.codePointAt(0)!;
  if (flags.caseInsensitive && isLetter(c)) {
    return inClass ? `${c}${otherCase(c)}` : `[${c}${otherCase(c)}]`;
  }
  if (code < 0x20 || code === 0x7f) return hex(code);
  if (JS_SYNTAX.has(c) || (inClass && c === '-')) return `\\${c}`;
  return c;
}

/** One escape after the backslash at `i`: its JavaScript text and where the pattern goes on. */
function escape(
  p: string,
  i: number,
  inClass: boolean,
  flags: Flags,
): { text: string; next: number; atom?: string } {
  const c = p[i + 1];
  if (c === undefined) throw new Untranslatable('trailing backslash');
  const simple: Record<string, string> = {
    a: '\\x07',
    f: '\\f',
    t: '\\t',
    n: '\\n',
    r: '\\r',
    v: '\\v',
    d: '\\d',
    D: '\\D',
    w: '\\w',
    W: '\\W',
  };
  if (c in simple) return { text: simple[c], next: i + 2 };
  if (c === 's') {
    return { text: inClass ? GO_SPACE : `[${GO_SPACE}]`, next: i + 2 };
  }
  if (c === 'S' && !inClass) return { text: `[^${GO_SPACE}]`, next: i + 2 };
  if (!inClass && (c === 'b' || c === 'B')) {
    return { text: `\\${c}`, next: i + 2 };
  }
  if (!inClass && c === 'A') return { text: '^', next: i + 2 };
  if (!inClass && c === 'z') return { text: '$', next: i + 2 };
  if (c === 'x') {
    const braced = /^\{([0-9a-fA-F]+)\}/.exec(p.slice(i + 2));
    if (braced) {
      return {
        text: hex(parseInt(braced[1], 16)),
        next: i + 2 + braced[0].length,
      };
    }
    const two = /^[0-9a-fA-F]{2}/.exec(p.slice(i + 2));
    if (!two) throw new Untranslatable('bad \\x escape');
    return { text: hex(parseInt(two[0], 16)), next: i + 4 };
  }
  if (/[0-7]/.test(c)) {
    const octal = /^[0-7]{1,3}/.exec(p.slice(i + 1))![0];
    if (octal.length === 1 && octal !== '0') {
      throw new Untranslatable('backreference');
    }
    return {
      text: hex(parseInt(octal, 8)),
      next: i + 1 + octal.length,
    };
  }
  if (c === 'p' || c === 'P') {
    const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(p.slice(i + 2));
    const name = braced ? braced[2] : p[i + 2];
    if (!name || !/^[A-Za-z_]+$/.test(name)) {
      throw new Untranslatable('bad Unicode class');
    }
    const negated = (c === 'P') !== (braced?.[1] === '^');
    const letter = negated ? 'P' : 'p';
    const next = i + 2 + (braced ? braced[0].length : 1);
    for (const candidate of [
      `\\${letter}{${name}}`,
      `\\${letter}{Script=${name}}`,
    ]) {
      try {
        // eslint-disable-next-line no-new
        new RegExp(candidate, 'u');
        return { text: candidate, next };
      } catch {
        // try the next spelling
      }
    }
    throw new Untranslatable(`unknown Unicode class ${name}`);
  }
  if (c === 'Q') {
    const end = p.indexOf('\\E', i + 2);
    const quoted = p.slice(i + 2, end === -1 ? undefined : end);
    return {
      text: [...quoted].map(q => literal(q, inClass, flags)).join(''),
      next: end === -1 ? p.length : end + 2,
    };
  }
  const code = c.codePointAt(0)!;
  if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) {
    // Go lets any ASCII punctuation be escaped; JavaScript only its syntax characters.
    return {
      text: literal(c, inClass, { ...flags, caseInsensitive: false }),
      next: i + 2,
    };
  }
  throw new Untranslatable(`escape \\${c}`);
}

function translateClass(
  p: string,
  start: number,
  flags: Flags,
): { text: string; next: number } {
  let i = start + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  // In RE2 a `]` right after `[` or `[^` is a literal.
  let first = true;
  let previous: string | undefined;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
    if (posix) {
      const set = POSIX_CLASSES[posix[2]];
      if (!set || posix[1]) throw new Untranslatable('POSIX class');
      out += set;
      i += posix[0].length;
      previous = undefined;
      continue;
    }
    if (p[i] === '\\') {
      const e = escape(p, i, true, flags);
      out += e.text;
      i = e.next;
      previous = undefined;
      continue;
    }
    const c = String.fromCodePoint(p.codePointAt(i)!);
    if (
      c === '-' &&
      previous !== undefined &&
      p[i + 1] !== undefined &&
      p[i + 1] !== ']'
    ) {
      const end = String.fromCodePoint(p.codePointAt(i + 1)!);
      if (end === '\\' || end === '[') throw new Untranslatable('class range');
      out += `-${literal(end, true, { ...flags, caseInsensitive: false })}`;
      if (
        flags.caseInsensitive &&
        isLetter(previous) &&
        isLetter(end) &&
        (previous === previous.toLowerCase()) === (end === end.toLowerCase())
      ) {
        out += `${otherCase(previous)}-${otherCase(end)}`;
      }
      i += 1 + end.length;
      previous = undefined;
      continue;
    }
    out += literal(c, true, { ...flags, caseInsensitive: false });
    if (flags.caseInsensitive && isLetter(c) && p[i + 1] !== '-') {
      out += otherCase(c);
    }
    previous = c;
    i += c.length;
  }
  if (p[i] !== ']') throw new Untranslatable('unclosed class');
  return { text: `${out}]`, next: i + 1 };
}

function readFlags(text: string, flags: Flags): Flags {
  const next = { ...flags };
  let on = true;
  for (const f of text) {
    if (f === '-') on = false;
    else if (f === 'i') next.caseInsensitive = on;
    else if (f === 's') next.dotAll = on;
    else if (f === 'm') next.multiLine = on;
    else throw new Untranslatable(`flag ${f}`);
  }
  return next;
}

function translate(p: string): string {
  let out = '';
  let i = 0;
  // Flags in force, and those each open group restores when it closes.
  let flags: Flags = {
    caseInsensitive: false,
    dotAll: false,
    multiLine: false,
  };
  const groups: Flags[] = [];
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const e = escape(p, i, false, flags);
      out += e.text;
      i = e.next;
    } else if (c === '[') {
      const cls = translateClass(p, i, flags);
      out += cls.text;
      i = cls.next;
    } else if (c === '(') {
      const rest = p.slice(i);
      const setFlags = /^\(\?([a-zA-Z-]*)\)/.exec(rest);
      const flagGroup = /^\(\?([a-zA-Z-]*):/.exec(rest);
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (setFlags) {
        flags = readFlags(setFlags[1], flags);
        i += setFlags[0].length;
      } else if (flagGroup) {
        groups.push(flags);
        flags = readFlags(flagGroup[1], flags);
        out += '(?:';
        i += flagGroup[0].length;
      } else if (named) {
        groups.push(flags);
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (rest.startsWith('(?')) {
        // Lookarounds and the like: RE2 has none, so the API server can't compile it either.
        throw new Untranslatable('unsupported group');
      } else {
        groups.push(flags);
        out += '(';
        i++;
      }
    } else if (c === ')') {
      flags = groups.pop() ?? flags;
      out += ')';
      i++;
    } else if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}\??/.exec(p.slice(i));
      out += repeat ? repeat[0] : '\\{';
      i += repeat ? repeat[0].length : 1;
    } else if (c === '}') {
      out += '\\}';
      i++;
    } else if (c === '.') {
      out += flags.dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '^') {
      out += flags.multiLine ? '(?<![^\\n])' : '^';
      i++;
    } else if (c === '$') {
      out += flags.multiLine ? '(?![^\\n])' : '$';
      i++;
    } else if ('*+?|'.includes(c)) {
      out += c;
      i++;
    } else {
      const char = String.fromCodePoint(p.codePointAt(i)!);
      out += literal(char, false, flags);
      i += char.length;
    }
  }
  return out;
}

/**
 * Translates a `pattern` of a Kubernetes schema (Go RE2 syntax, e.g. `(?i)^[a-z]+\z`) into a JavaScript
 * regular expression source that accepts the same strings when compiled with the `u` flag, as JSON Schema
 * validators do; undefined when the pattern has no JavaScript equivalent (or Go would refuse it too).
 *
 * @public
 */
export function goPatternToJavaScript(pattern: string): string | undefined {
  try {
    const source = translate(pattern);
    // eslint-disable-next-line no-new
    new RegExp(source, 'u');
    return source;
  } catch {
    return undefined;
  }
}
