// Copyright 2015 Google Inc. All rights reserved.
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in
// all copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
// THE SOFTWARE.

//! Expansions of HTML entities: readerbox's trimmed table.
//!
//! readerbox keeps the 253 named entities of HTML 4 and XHTML (`&amp;`, `&nbsp;`,
//! `&euro;`, the umlauts, quotes, dashes, arrows, Greek letters…) instead of HTML5's
//! 2,125: the full table was 16 KB of the widget's brotli-compressed wasm. Any other
//! name stays as typed, as for an unknown name. Generated from upstream's table by
//! `vendor/pulldown-cmark/README.md`'s recipe; numeric references are unaffected.

const ENTITIES: [(&[u8], &str); 253] = [
    (b"AElig", "\u{00C6}"),
    (b"Aacute", "\u{00C1}"),
    (b"Acirc", "\u{00C2}"),
    (b"Agrave", "\u{00C0}"),
    (b"Alpha", "\u{0391}"),
    (b"Aring", "\u{00C5}"),
    (b"Atilde", "\u{00C3}"),
    (b"Auml", "\u{00C4}"),
    (b"Beta", "\u{0392}"),
    (b"Ccedil", "\u{00C7}"),
    (b"Chi", "\u{03A7}"),
    (b"Dagger", "\u{2021}"),
    (b"Delta", "\u{0394}"),
    (b"ETH", "\u{00D0}"),
    (b"Eacute", "\u{00C9}"),
    (b"Ecirc", "\u{00CA}"),
    (b"Egrave", "\u{00C8}"),
    (b"Epsilon", "\u{0395}"),
    (b"Eta", "\u{0397}"),
    (b"Euml", "\u{00CB}"),
    (b"Gamma", "\u{0393}"),
    (b"Iacute", "\u{00CD}"),
    (b"Icirc", "\u{00CE}"),
    (b"Igrave", "\u{00CC}"),
    (b"Iota", "\u{0399}"),
    (b"Iuml", "\u{00CF}"),
    (b"Kappa", "\u{039A}"),
    (b"Lambda", "\u{039B}"),
    (b"Mu", "\u{039C}"),
    (b"Ntilde", "\u{00D1}"),
    (b"Nu", "\u{039D}"),
    (b"OElig", "\u{0152}"),
    (b"Oacute", "\u{00D3}"),
    (b"Ocirc", "\u{00D4}"),
    (b"Ograve", "\u{00D2}"),
    (b"Omega", "\u{03A9}"),
    (b"Omicron", "\u{039F}"),
    (b"Oslash", "\u{00D8}"),
    (b"Otilde", "\u{00D5}"),
    (b"Ouml", "\u{00D6}"),
    (b"Phi", "\u{03A6}"),
    (b"Pi", "\u{03A0}"),
    (b"Prime", "\u{2033}"),
    (b"Psi", "\u{03A8}"),
    (b"Rho", "\u{03A1}"),
    (b"Scaron", "\u{0160}"),
    (b"Sigma", "\u{03A3}"),
    (b"THORN", "\u{00DE}"),
    (b"Tau", "\u{03A4}"),
    (b"Theta", "\u{0398}"),
    (b"Uacute", "\u{00DA}"),
    (b"Ucirc", "\u{00DB}"),
    (b"Ugrave", "\u{00D9}"),
    (b"Upsilon", "\u{03A5}"),
    (b"Uuml", "\u{00DC}"),
    (b"Xi", "\u{039E}"),
    (b"Yacute", "\u{00DD}"),
    (b"Yuml", "\u{0178}"),
    (b"Zeta", "\u{0396}"),
    (b"aacute", "\u{00E1}"),
    (b"acirc", "\u{00E2}"),
    (b"acute", "\u{00B4}"),
    (b"aelig", "\u{00E6}"),
    (b"agrave", "\u{00E0}"),
    (b"alefsym", "\u{2135}"),
    (b"alpha", "\u{03B1}"),
    (b"amp", "\u{0026}"),
    (b"and", "\u{2227}"),
    (b"ang", "\u{2220}"),
    (b"apos", "\u{0027}"),
    (b"aring", "\u{00E5}"),
    (b"asymp", "\u{2248}"),
    (b"atilde", "\u{00E3}"),
    (b"auml", "\u{00E4}"),
    (b"bdquo", "\u{201E}"),
    (b"beta", "\u{03B2}"),
    (b"brvbar", "\u{00A6}"),
    (b"bull", "\u{2022}"),
    (b"cap", "\u{2229}"),
    (b"ccedil", "\u{00E7}"),
    (b"cedil", "\u{00B8}"),
    (b"cent", "\u{00A2}"),
    (b"chi", "\u{03C7}"),
    (b"circ", "\u{02C6}"),
    (b"clubs", "\u{2663}"),
    (b"cong", "\u{2245}"),
    (b"copy", "\u{00A9}"),
    (b"crarr", "\u{21B5}"),
    (b"cup", "\u{222A}"),
    (b"curren", "\u{00A4}"),
    (b"dArr", "\u{21D3}"),
    (b"dagger", "\u{2020}"),
    (b"darr", "\u{2193}"),
    (b"deg", "\u{00B0}"),
    (b"delta", "\u{03B4}"),
    (b"diams", "\u{2666}"),
    (b"divide", "\u{00F7}"),
    (b"eacute", "\u{00E9}"),
    (b"ecirc", "\u{00EA}"),
    (b"egrave", "\u{00E8}"),
    (b"empty", "\u{2205}"),
    (b"emsp", "\u{2003}"),
    (b"ensp", "\u{2002}"),
    (b"epsilon", "\u{03B5}"),
    (b"equiv", "\u{2261}"),
    (b"eta", "\u{03B7}"),
    (b"eth", "\u{00F0}"),
    (b"euml", "\u{00EB}"),
    (b"euro", "\u{20AC}"),
    (b"exist", "\u{2203}"),
    (b"fnof", "\u{0192}"),
    (b"forall", "\u{2200}"),
    (b"frac12", "\u{00BD}"),
    (b"frac14", "\u{00BC}"),
    (b"frac34", "\u{00BE}"),
    (b"frasl", "\u{2044}"),
    (b"gamma", "\u{03B3}"),
    (b"ge", "\u{2265}"),
    (b"gt", "\u{003E}"),
    (b"hArr", "\u{21D4}"),
    (b"harr", "\u{2194}"),
    (b"hearts", "\u{2665}"),
    (b"hellip", "\u{2026}"),
    (b"iacute", "\u{00ED}"),
    (b"icirc", "\u{00EE}"),
    (b"iexcl", "\u{00A1}"),
    (b"igrave", "\u{00EC}"),
    (b"image", "\u{2111}"),
    (b"infin", "\u{221E}"),
    (b"int", "\u{222B}"),
    (b"iota", "\u{03B9}"),
    (b"iquest", "\u{00BF}"),
    (b"isin", "\u{2208}"),
    (b"iuml", "\u{00EF}"),
    (b"kappa", "\u{03BA}"),
    (b"lArr", "\u{21D0}"),
    (b"lambda", "\u{03BB}"),
    (b"lang", "\u{27E8}"),
    (b"laquo", "\u{00AB}"),
    (b"larr", "\u{2190}"),
    (b"lceil", "\u{2308}"),
    (b"ldquo", "\u{201C}"),
    (b"le", "\u{2264}"),
    (b"lfloor", "\u{230A}"),
    (b"lowast", "\u{2217}"),
    (b"loz", "\u{25CA}"),
    (b"lrm", "\u{200E}"),
    (b"lsaquo", "\u{2039}"),
    (b"lsquo", "\u{2018}"),
    (b"lt", "\u{003C}"),
    (b"macr", "\u{00AF}"),
    (b"mdash", "\u{2014}"),
    (b"micro", "\u{00B5}"),
    (b"middot", "\u{00B7}"),
    (b"minus", "\u{2212}"),
    (b"mu", "\u{03BC}"),
    (b"nabla", "\u{2207}"),
    (b"nbsp", "\u{00A0}"),
    (b"ndash", "\u{2013}"),
    (b"ne", "\u{2260}"),
    (b"ni", "\u{220B}"),
    (b"not", "\u{00AC}"),
    (b"notin", "\u{2209}"),
    (b"nsub", "\u{2284}"),
    (b"ntilde", "\u{00F1}"),
    (b"nu", "\u{03BD}"),
    (b"oacute", "\u{00F3}"),
    (b"ocirc", "\u{00F4}"),
    (b"oelig", "\u{0153}"),
    (b"ograve", "\u{00F2}"),
    (b"oline", "\u{203E}"),
    (b"omega", "\u{03C9}"),
    (b"omicron", "\u{03BF}"),
    (b"oplus", "\u{2295}"),
    (b"or", "\u{2228}"),
    (b"ordf", "\u{00AA}"),
    (b"ordm", "\u{00BA}"),
    (b"oslash", "\u{00F8}"),
    (b"otilde", "\u{00F5}"),
    (b"otimes", "\u{2297}"),
    (b"ouml", "\u{00F6}"),
    (b"para", "\u{00B6}"),
    (b"part", "\u{2202}"),
    (b"permil", "\u{2030}"),
    (b"perp", "\u{22A5}"),
    (b"phi", "\u{03C6}"),
    (b"pi", "\u{03C0}"),
    (b"piv", "\u{03D6}"),
    (b"plusmn", "\u{00B1}"),
    (b"pound", "\u{00A3}"),
    (b"prime", "\u{2032}"),
    (b"prod", "\u{220F}"),
    (b"prop", "\u{221D}"),
    (b"psi", "\u{03C8}"),
    (b"quot", "\u{0022}"),
    (b"rArr", "\u{21D2}"),
    (b"radic", "\u{221A}"),
    (b"rang", "\u{27E9}"),
    (b"raquo", "\u{00BB}"),
    (b"rarr", "\u{2192}"),
    (b"rceil", "\u{2309}"),
    (b"rdquo", "\u{201D}"),
    (b"real", "\u{211C}"),
    (b"reg", "\u{00AE}"),
    (b"rfloor", "\u{230B}"),
    (b"rho", "\u{03C1}"),
    (b"rlm", "\u{200F}"),
    (b"rsaquo", "\u{203A}"),
    (b"rsquo", "\u{2019}"),
    (b"sbquo", "\u{201A}"),
    (b"scaron", "\u{0161}"),
    (b"sdot", "\u{22C5}"),
    (b"sect", "\u{00A7}"),
    (b"shy", "\u{00AD}"),
    (b"sigma", "\u{03C3}"),
    (b"sigmaf", "\u{03C2}"),
    (b"sim", "\u{223C}"),
    (b"spades", "\u{2660}"),
    (b"sub", "\u{2282}"),
    (b"sube", "\u{2286}"),
    (b"sum", "\u{2211}"),
    (b"sup", "\u{2283}"),
    (b"sup1", "\u{00B9}"),
    (b"sup2", "\u{00B2}"),
    (b"sup3", "\u{00B3}"),
    (b"supe", "\u{2287}"),
    (b"szlig", "\u{00DF}"),
    (b"tau", "\u{03C4}"),
    (b"there4", "\u{2234}"),
    (b"theta", "\u{03B8}"),
    (b"thetasym", "\u{03D1}"),
    (b"thinsp", "\u{2009}"),
    (b"thorn", "\u{00FE}"),
    (b"tilde", "\u{02DC}"),
    (b"times", "\u{00D7}"),
    (b"trade", "\u{2122}"),
    (b"uArr", "\u{21D1}"),
    (b"uacute", "\u{00FA}"),
    (b"uarr", "\u{2191}"),
    (b"ucirc", "\u{00FB}"),
    (b"ugrave", "\u{00F9}"),
    (b"uml", "\u{00A8}"),
    (b"upsih", "\u{03D2}"),
    (b"upsilon", "\u{03C5}"),
    (b"uuml", "\u{00FC}"),
    (b"weierp", "\u{2118}"),
    (b"xi", "\u{03BE}"),
    (b"yacute", "\u{00FD}"),
    (b"yen", "\u{00A5}"),
    (b"yuml", "\u{00FF}"),
    (b"zeta", "\u{03B6}"),
    (b"zwj", "\u{200D}"),
    (b"zwnj", "\u{200C}"),
];

// readerbox: the table is packed into one byte string at compile time (name, 0,
// expansion, 0, …) and searched from the start. As 253 `(&[u8], &str)` pairs it was
// 4 KB of pointers in the widget's wasm; the scan only runs for a `&name;` in a text.
const PACKED_LEN: usize = packed_len();
static PACKED: [u8; PACKED_LEN] = pack();

const fn packed_len() -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < ENTITIES.len() {
        len += ENTITIES[i].0.len() + ENTITIES[i].1.len() + 2;
        i += 1;
    }
    len
}

const fn pack() -> [u8; PACKED_LEN] {
    let mut packed = [0u8; PACKED_LEN];
    let mut at = 0;
    let mut i = 0;
    while i < ENTITIES.len() {
        let (name, value) = (ENTITIES[i].0, ENTITIES[i].1.as_bytes());
        let mut j = 0;
        while j < name.len() {
            packed[at] = name[j];
            at += 1;
            j += 1;
        }
        at += 1;
        j = 0;
        while j < value.len() {
            packed[at] = value[j];
            at += 1;
            j += 1;
        }
        at += 1;
        i += 1;
    }
    packed
}

pub(crate) fn get_entity(bytes: &[u8]) -> Option<&'static str> {
    let mut rest: &'static [u8] = &PACKED;
    while !rest.is_empty() {
        let name_end = rest.iter().position(|&b| b == 0)?;
        let value_end = name_end + 1 + rest[name_end + 1..].iter().position(|&b| b == 0)?;
        if &rest[..name_end] == bytes {
            return core::str::from_utf8(&rest[name_end + 1..value_end]).ok();
        }
        rest = &rest[value_end + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kept_entity_is_found_and_nothing_else() {
        for (name, value) in ENTITIES {
            assert_eq!(get_entity(name), Some(value));
        }
        for name in [&b""[..], b"Alph", b"Alphaa", b"zwn", b"zwnjx", b"hearts\0"] {
            assert_eq!(get_entity(name), None);
        }
    }
}
