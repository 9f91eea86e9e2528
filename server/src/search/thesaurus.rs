//! The words people use for the words articles use: groups of terms that mean the same to a
//! reader with a broken device ("bricked", "won't boot"; "hash", "checksum"; "power cut",
//! "power outage"). A built-in domain list, plus the writers' own `content/synonyms.yml`.
//!
//! Terms match a query across punctuation, case and spacing: every term is compared by its
//! letters and digits alone, so `h265` is `H.265` is `h 265`, `wifi` is `Wi-Fi`, and
//! `self signed` is `self-signed`. A query word (or run of up to [`MAX_TERM_WORDS`] words) that
//! equals a term brings in the group's other terms as alternatives, ranked below the words typed.

use std::collections::HashMap;

/// Longest term, in words.
pub(super) const MAX_TERM_WORDS: usize = 4;

/// The built-in groups: the support vocabulary of connected devices.
const BUILT_IN: &[&[&str]] = &[
    &[
        "bricked",
        "dead",
        "unresponsive",
        "won't boot",
        "does not boot",
        "not booting",
        "no longer boots",
        "boot loop",
        "not responding",
        "no longer responds",
        "does not respond",
        "stopped responding",
        "won't respond",
        "not responsive",
    ],
    &["hash", "checksum", "sha256", "sha-256", "digest"],
    &[
        "choppy",
        "jerky",
        "laggy",
        "lag",
        "lagging",
        "stutter",
        "stutters",
        "stuttering",
        "freezes",
        "frame drops",
    ],
    &[
        "blackout",
        "power cut",
        "power outage",
        "outage",
        "power failure",
        "power loss",
        "power lost",
        "lost power",
        "power went out",
        "storm",
        "thunderstorm",
        "lightning",
    ],
    &[
        "2fa",
        "two-factor",
        "two factor",
        "mfa",
        "multi-factor",
        "authenticator",
        "verification code",
        "one-time code",
    ],
    &["cert", "certificate", "ssl", "tls"],
    &["h265", "h.265", "hevc"],
    &["h264", "h.264", "avc"],
    &["wifi", "wi-fi", "wireless", "wlan"],
    &[
        "remote",
        "remotely",
        "away from home",
        "away from the house",
        "not at home",
        "off site",
        "offsite",
        "over the internet",
        "mobile data",
        "cellular",
        "4g",
        "5g",
        "lte",
    ],
    &["self signed", "self-signed", "untrusted"],
    &["disk", "storage", "space", "hdd", "hard drive", "drive", "sd card"],
    &["sd card", "microsd", "microsd card", "micro sd", "memory card"],
    &[
        "disk full",
        "storage full",
        "no space",
        "out of space",
        "not enough storage",
        "not enough space",
        "no storage",
    ],
    &["update", "upgrade", "firmware update", "flash", "flashing firmware"],
    &["halfway", "partway", "midway", "part way", "half way"],
    &["stopped", "aborted", "interrupted", "cancelled", "canceled", "cut off"],
    &["log in", "login", "sign in", "signin", "log on", "logon"],
    &["password", "passcode", "passphrase"],
    &[
        "offline",
        "disconnected",
        "unreachable",
        "not connecting",
        "drops off",
        "keeps disconnecting",
        "goes offline",
    ],
    &[
        "not found",
        "can't find",
        "cannot find",
        "not detected",
        "not showing",
        "doesn't show",
        "missing",
        "not discovered",
        "cannot be found",
        "can't be found",
        "not showing up",
        "does not show up",
    ],
    &["reboot", "restart", "power cycle", "power-cycle", "turn off and on"],
    &["reset", "factory reset", "wipe", "restore defaults", "factory defaults"],
    &["pair", "pairing", "add device", "onboard", "link to account", "claim"],
    &["blinking", "flashing", "blinks", "flashes"],
    &[
        "led",
        "light",
        "status light",
        "status led",
        "indicator light",
        "light blinking",
        "light flashing",
    ],
    &["red light", "red led"],
    &[
        "static ip",
        "fixed ip",
        "static address",
        "fixed address",
        "static ip address",
        "fixed ip address",
    ],
    &["amber", "orange", "yellow"],
    &["recorder", "nvr", "dvr", "novavms"],
    &["camera", "cam", "ip camera", "ipcam"],
    &["poe", "power over ethernet"],
    &["locked out", "lockout", "account locked", "locked"],
    &["expired", "out of date", "outdated"],
    &["clock", "time", "date", "ntp"],
    &["firewall", "blocked port", "port blocked"],
    &["router", "modem"],
    &["ip", "ip address"],
    &["app", "phone app", "mobile app"],
    &["video", "footage", "stream", "live view", "playback"],
    &[
        "overheating",
        "overheats",
        "high temperature",
        "too hot",
        "temperature warning",
    ],
    &[
        "refused",
        "rejected",
        "will not accept",
        "won't accept",
        "not accepted",
        "declined",
    ],
    &["slow", "slowly", "sluggish", "takes forever"],
    &["computer", "laptop", "pc", "desktop", "macbook"],
    &["genuine", "legit", "legitimate", "authentic"],
    &["recover", "recovery", "unbrick", "unbricking", "revive"],
    &["hangs", "hung", "froze", "frozen", "freezes"],
    &[
        "worn out",
        "faulty",
        "abnormal",
        "defective",
        "read-only",
        "write protected",
    ],
    &["watts", "wattage", "power budget", "poe budget"],
    &["enough", "enuf", "sufficient"],
    &[
        "bandwidth",
        "throughput",
        "uplink",
        "saturated",
        "overloaded",
        "maxed out",
    ],
    &[
        "viewers",
        "several people",
        "many people",
        "multiple people",
        "people watching",
        "people watch",
    ],
    &["pi-hole", "pihole", "adguard", "dns filter", "dns blocker", "dns"],
    &["turn on", "turn back on", "enable", "re-enable", "switch on"],
    &["turned off", "disabled", "switched off", "switch off", "turn off"],
    &["unplug", "power off", "pull the plug", "switch it off", "turn it off"],
    &[
        "mid update",
        "mid-update",
        "during an update",
        "during the update",
        "while updating",
    ],
    &["refused", "refuses", "rejects", "rejected"],
    &[
        "download",
        "where to get",
        "where can i get",
        "where do i get",
        "obtain",
    ],
    // Forms the stemmer cannot join (`overwritten` is no `overwrit`).
    &["overwrite", "overwritten", "overwriting", "overwrote"],
    &["write", "written", "wrote", "writing"],
    &["100m", "100 m", "100 metres", "100 meters", "328 ft"],
    &["class 4", "poe+", "802.3at", "30 w"],
    &["15.4w", "15.4 w", "802.3af", "class 3"],
    &[
        "your connection is not private",
        "potential security risk",
        "not secure",
        "certificate warning",
        "security warning",
    ],
    &[
        "mismatch",
        "does not match",
        "doesn't match",
        "not matching",
        "do not match",
        "don't match",
    ],
    &["web ui", "web interface", "web page", "web client", "browser page"],
    &[
        "wrong time",
        "time is off",
        "clock is wrong",
        "wrong clock",
        "time drift",
    ],
];

/// The words of a term as queries are compared: each word's English stems, letters and digits
/// only, lower case, run together (`updating` = `update`, `Wi-Fi` = `wifi`, `H.265` = `h265`).
fn key(term: &str) -> String {
    use tantivy::tokenizer::{TextAnalyzer, TokenStream};
    thread_local! {
        static STEMMER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(super::schema::english_stems());
    }
    STEMMER.with_borrow_mut(|stemmer| {
        let mut out = String::new();
        for word in term.split_whitespace() {
            let mut stream = stemmer.token_stream(word);
            while stream.advance() {
                out.push_str(&stream.token().text);
            }
        }
        out
    })
}

/// Groups of terms that mean the same, looked up by a term's key.
#[derive(Debug, Default, Clone)]
pub struct Thesaurus {
    /// Each group's terms as written (the query builder analyses them).
    groups: Vec<Vec<String>>,
    /// A term's key → the groups it is in.
    by_key: HashMap<String, Vec<usize>>,
    /// Most words in any term, so lookups try no longer runs.
    longest: usize,
    /// The terms of one word of letters only (lower case), a misspelt word may be one of.
    single: Vec<String>,
}

impl Thesaurus {
    /// The built-in groups and `extra` ones (the writers' `synonyms.yml`).
    pub fn new(extra: &[Vec<String>]) -> Thesaurus {
        let mut t = Thesaurus::default();
        let built_in = BUILT_IN
            .iter()
            .map(|g| g.iter().map(|s| (*s).to_string()).collect::<Vec<_>>());
        for group in built_in.chain(extra.iter().cloned()) {
            t.add(group);
        }
        t
    }

    fn add(&mut self, group: Vec<String>) {
        let n = self.groups.len();
        for term in &group {
            let k = key(term);
            if k.is_empty() {
                continue;
            }
            let lower = term.to_lowercase();
            if lower.chars().all(|c| c.is_ascii_lowercase()) && !self.single.contains(&lower) {
                self.single.push(lower);
            }
            let words = term.split_whitespace().count().clamp(1, MAX_TERM_WORDS);
            self.longest = self.longest.max(words);
            let groups = self.by_key.entry(k).or_default();
            if !groups.contains(&n) {
                groups.push(n);
            }
        }
        self.groups.push(group);
    }

    /// Its one-word terms (lower case, letters only).
    pub fn single_words(&self) -> impl Iterator<Item = &str> {
        self.single.iter().map(String::as_str)
    }

    /// For a query's words: each run of words that is a term, as `(first, last, other terms)`
    /// with word indexes into `words`. Runs are tried up to the longest term's length, so the
    /// cost is linear in the query.
    pub fn expansions(&self, words: &[&str]) -> Vec<(usize, usize, Vec<&str>)> {
        let mut out = Vec::new();
        for first in 0..words.len() {
            let mut joined = String::new();
            let end = words.len().min(first + self.longest.max(1));
            for (last, word) in words.iter().enumerate().take(end).skip(first) {
                joined.push_str(&key(word));
                let Some(groups) = self.by_key.get(&joined) else {
                    continue;
                };
                // The run as typed, to leave out the term that is just that (`wifi` brings
                // `wi-fi`, which the articles' text splits into other words, but not itself).
                let typed = words[first..=last].join(" ").to_lowercase();
                let mut others: Vec<&str> = Vec::new();
                for &g in groups {
                    for term in &self.groups[g] {
                        if term.to_lowercase() != typed && !others.contains(&term.as_str()) {
                            others.push(term);
                        }
                    }
                }
                if !others.is_empty() {
                    out.push((first, last, others));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn others(t: &Thesaurus, q: &str) -> Vec<(usize, usize, Vec<String>)> {
        let words: Vec<&str> = q.split_whitespace().collect();
        t.expansions(&words)
            .into_iter()
            .map(|(a, b, o)| (a, b, o.into_iter().map(str::to_string).collect()))
            .collect()
    }

    #[test]
    fn terms_match_across_punctuation_case_and_spacing() {
        let t = Thesaurus::new(&[]);
        for (query, wants) in [
            ("h265 playback", "hevc"),
            ("H.265 playback", "hevc"),
            ("Wi-Fi drops", "wireless"),
            ("wifi drops", "wi-fi"),
            ("self signed warning", "self-signed"),
            ("self-signed warning", "untrusted"),
            // What people call things: a status LED is a light, a static IP a fixed one.
            ("amber light", "led"),
            ("Fixed-IP camera", "static ip"),
        ] {
            let found = others(&t, query);
            assert!(
                found.iter().any(|(_, _, o)| o.iter().any(|w| w == wants)),
                "{query}: {found:?}"
            );
        }
    }

    #[test]
    fn multi_word_terms_span_their_words_and_bring_the_others() {
        let t = Thesaurus::new(&[]);
        let found = others(&t, "power cut while updating");
        let (first, last, terms) = found.iter().find(|(a, b, _)| (*a, *b) == (0, 1)).expect("power cut");
        assert_eq!((*first, *last), (0, 1));
        assert!(terms.iter().any(|w| w == "power lost") && terms.iter().any(|w| w == "blackout"));
        assert!(!terms.iter().any(|w| w == "power cut"), "not itself");
        assert!(others(&t, "zzz qqq").is_empty());
    }

    #[test]
    fn one_word_terms_are_a_dictionary_for_corrections() {
        let t = Thesaurus::new(&[vec!["Doorbell".into(), "door bell".into()]]);
        let single: Vec<&str> = t.single_words().collect();
        for w in ["stuttering", "checksum", "doorbell"] {
            assert!(single.contains(&w), "{w}");
        }
        // Terms of several words, and ones with digits or punctuation, are not words to correct to.
        for w in ["power cut", "door bell", "h.265", "2fa", "wi-fi"] {
            assert!(!single.contains(&w), "{w}");
        }
    }

    #[test]
    fn writers_groups_join_the_built_in_ones() {
        let t = Thesaurus::new(&[vec!["novahub".into(), "gateway".into(), "base station".into()]]);
        let found = others(&t, "novahub offline");
        assert!(found
            .iter()
            .any(|(a, b, o)| (*a, *b) == (0, 0) && o.contains(&"base station".to_string())));
        // A word in two groups brings both groups' terms.
        let t = Thesaurus::new(&[vec!["dead".into(), "no lights".into()]]);
        let found = others(&t, "dead");
        let terms = &found[0].2;
        assert!(
            terms.contains(&"bricked".to_string()) && terms.contains(&"no lights".to_string()),
            "{terms:?}"
        );
    }
}
