//! readerbox's patch: link and footnote labels compared by case folding without the
//! `unicase` crate (its full Unicode table was 2.4 KB of the widget's wasm after
//! brotli, the widget's size budget).
//!
//! Folds exactly as Unicode's `CaseFolding.txt` (statuses C and F) for ASCII, Latin-1,
//! Latin Extended-A, Greek, Cyrillic and `ẞ`: the scripts readers of a German news
//! site write. Any other character matches only itself, so `[ǅ]` and `[ǆ]` are two
//! labels here where CommonMark makes them one.

use core::hash::{Hash, Hasher};
use core::ops::Deref;

/// A label that equals and hashes as its case folding.
#[derive(Clone, Debug)]
pub(crate) struct UniCase<S>(S);

impl<S: Deref<Target = str>> UniCase<S> {
    pub(crate) fn new(label: S) -> Self {
        Self(label)
    }

    fn folded(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(fold)
    }
}

impl<S: Deref<Target = str>> AsRef<str> for UniCase<S> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<S: Deref<Target = str>> PartialEq for UniCase<S> {
    fn eq(&self, other: &Self) -> bool {
        self.folded().eq(other.folded())
    }
}

impl<S: Deref<Target = str>> Eq for UniCase<S> {}

impl<S: Deref<Target = str>> Hash for UniCase<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for c in self.folded() {
            state.write_u32(c as u32);
        }
    }
}

/// The case folding of `c`: one character, or two where Unicode folds to two.
pub(crate) fn fold(c: char) -> impl Iterator<Item = char> {
    let (first, second) = match c {
        'ß' | 'ẞ' => ('s', Some('s')),
        'İ' => ('i', Some('\u{307}')),
        'ŉ' => ('\u{2bc}', Some('n')),
        _ => (fold_simple(c), None),
    };
    core::iter::once(first).chain(second)
}

fn fold_simple(c: char) -> char {
    let code = c as u32;
    let folded = match code {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => code + 0x20,
        0xb5 => 0x3bc,
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17e if code % 2 == 1 => code + 1,
        0x178 => 0xff,
        0x17f => 0x73,
        0x391..=0x3a1 | 0x3a3..=0x3ab => code + 0x20,
        0x3c2 => 0x3c3,
        0x400..=0x40f => code + 0x50,
        0x410..=0x42f => code + 0x20,
        _ => code,
    };
    char::from_u32(folded).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::CowStr;

    fn folded(s: &str) -> String {
        s.chars().flat_map(fold).collect()
    }

    #[test]
    fn folds_as_unicode_does_for_the_scripts_it_knows() {
        assert_eq!(folded("ÄÖÜ Straße STRASSE ẞ"), "äöü strasse strasse ss");
        assert_eq!(folded("ŁÓDŹ ĞÜŞ ĲĿŸ ſ µ"), "łódź ğüş ĳŀÿ s μ");
        assert_eq!(folded("ΑΘΗΝΑ ΣΟΦΟΣ ς"), "αθηνα σοφοσ σ");
        assert_eq!(folded("МОСКВА ЁЖ ЇЄ"), "москва ёж їє");
        assert_eq!(folded("İ ŉ"), "i\u{307} \u{2bc}n");
        assert_eq!(folded("× ÷ 1 ǅ"), "× ÷ 1 ǅ");
    }

    #[test]
    fn matches_regardless_of_case() {
        assert!(UniCase::new(CowStr::from("Foo Straße")) == UniCase::new(CowStr::from("FOO STRASSE")));
        assert!(UniCase::new(CowStr::from("ẞ")) == UniCase::new(CowStr::from("SS")));
        assert!(UniCase::new(CowStr::from("foo")) != UniCase::new(CowStr::from("foö")));
    }
}
