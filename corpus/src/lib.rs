//! A generator of realistic, varied troubleshooting articles in the content format, for
//! benchmarks and load tests (`cargo run --release -p fixpath-corpus -- DIR [COUNT]`).
//!
//! Deterministic for a given seed, so figures from different runs compare.

use std::fmt::Write as _;
use std::path::Path;

const DEVICES: &[&str] = &[
    "Nova Gateway G2",
    "Nova Camera C4",
    "Nova Dome D5",
    "Nova PTZ P9",
    "Nova Switch S8P",
    "Nova Switch S24P",
    "Nova Doorbell B1",
    "Nova NVR R16",
    "Nova Sensor H3",
    "Nova Bridge L2",
    "Nova Access Point W6",
    "Nova Hub Z1",
];
const SYMPTOMS: &[&str] = &[
    "shows offline",
    "reboots every few minutes",
    "will not accept the new firmware",
    "drops video at night",
    "cannot be found on the network",
    "shows a certificate warning",
    "stops recording",
    "loses its settings",
    "has a blinking amber LED",
    "reports high temperature",
    "will not pair with the cloud",
    "has no PoE power",
    "shows a black image",
    "answers slowly in the web UI",
    "disconnects from Wi-Fi",
    "shows the wrong time",
];
const CAUSES: &[(&str, &str, &[&str])] = &[
    (
        "The PoE budget of the switch is exhausted",
        "budget",
        &[
            "Open the switch's PoE page and note the used and available watts.",
            "Move one camera to another switch or lower its PoE class.",
            "Replace the switch with an 802.3at model if the budget stays above 90%.",
        ],
    ),
    (
        "The device got a link-local 169.254 address",
        "link-local",
        &[
            "Check the DHCP server's lease table for the device's MAC address.",
            "Reserve an address for the device.",
            "Power-cycle the device and confirm it takes the reserved address.",
        ],
    ),
    (
        "The clock is wrong, so TLS fails with ERR_CERT_DATE_INVALID",
        "clock",
        &[
            "Open Settings > System > Date & time.",
            "Enable NTP and enter pool.ntp.org.",
            "Allow outbound UDP 123 on the firewall.",
        ],
    ),
    (
        "A firewall blocks outbound port 8883 (MQTT over TLS)",
        "firewall",
        &[
            "Check the firewall log for drops from the device's address.",
            "Allow outbound TCP 443 and 8883.",
            "Retry the connection from the device's Diagnostics page.",
        ],
    ),
    (
        "The firmware image is for another hardware revision",
        "revision",
        &[
            "Read the hardware revision from the label (for example rev B).",
            "Download the image for that revision and compare its SHA-256.",
            "Flash the matching image over the recovery page.",
        ],
    ),
    (
        "The storage is full and overwrite is off",
        "storage",
        &[
            "Open Storage and check free space.",
            "Turn on overwrite when full.",
            "Shorten retention to match the disk size.",
        ],
    ),
    (
        "The cable is damaged or too long",
        "cable",
        &[
            "Replace the patch cable with a tested Cat6 cable.",
            "Keep the run under 100 m.",
            "Check the port's error counters after five minutes.",
        ],
    ),
    (
        "The device is on another VLAN",
        "vlan",
        &[
            "Find the VLAN of the device's switch port.",
            "Move the device or the computer into the same VLAN.",
            "Run discovery again.",
        ],
    ),
    (
        "The H.265 stream is too heavy for the viewer",
        "codec",
        &[
            "Switch the stream to H.264.",
            "Lower the bitrate to 4 Mbit/s.",
            "Reopen the live view.",
        ],
    ),
    (
        "The admin password was changed and forgotten",
        "password",
        &[
            "Use the reset link on the sign-in page.",
            "Follow the code sent to the owner's e-mail.",
            "Set a new password of at least 12 characters.",
        ],
    ),
    (
        "The device overheats in direct sun",
        "heat",
        &[
            "Check the temperature in Diagnostics.",
            "Fit the sun shield.",
            "Move the device out of direct sun if it stays above 60 °C.",
        ],
    ),
    (
        "Wi-Fi signal is too weak at the device",
        "wifi",
        &[
            "Read the RSSI on the device's Network page.",
            "Move the access point closer or add a bridge.",
            "Aim for an RSSI better than -67 dBm.",
        ],
    ),
];
const TAGS: &[&str] = &[
    "camera", "gateway", "network", "poe", "firmware", "storage", "security", "video", "cloud", "account", "wifi",
    "power",
];

/// A small deterministic random number generator (xorshift64*), for the corpus and for
/// benchmarks that simulate traffic over it. The seed must not be zero.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number in `0..n` (`n` at least 1).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// One of `items`, uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The text of article number `n` (slug, markdown): mostly troubleshooting trees, with a
/// long-form guide in every ten and an FAQ in every ten, as a real help center mixes them.
pub fn article(n: usize, seed: u64) -> (String, String) {
    match n % 10 {
        7 => plain_article(n, seed, false),
        9 => plain_article(n, seed, true),
        _ => tree_article(n, seed),
    }
}

/// Front matter with two or three tags, the device and a day in 2026.
fn front_matter(md: &mut String, rng: &mut Rng, device: &str) {
    let tags: Vec<&str> = (0..2 + rng.below(2)).map(|_| *rng.pick(TAGS)).collect();
    let _ = writeln!(
        md,
        "---\ntags: [{}]\nproducts: [{device}]\nupdated: 2026-{:02}-{:02}\n---\n",
        tags.join(", "),
        1 + rng.below(12),
        1 + rng.below(28)
    );
}

/// A guide (sections with subsections, steps and a table) or an FAQ (questions and answers).
fn plain_article(n: usize, seed: u64, faq: bool) -> (String, String) {
    let mut rng = Rng(seed ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let device = rng.pick(DEVICES);
    let slug = format!("generated-{n:05}");
    let mut md = String::new();
    front_matter(&mut md, &mut rng, device);
    if faq {
        let _ = writeln!(
            md,
            "# {device} questions (case {n})\n\nWhat owners of the {device} ask support most.\n"
        );
        for (label, _, steps) in CAUSES.iter().skip(rng.below(CAUSES.len() / 2)).take(6) {
            let _ = writeln!(
                md,
                "## What if {}?\n\nIt happens to about one {device} in {}. {} Then check the status LED.\n",
                label.to_lowercase(),
                10 + rng.below(90),
                steps.first().unwrap_or(&"Restart it.")
            );
        }
    } else {
        let _ = writeln!(
            md,
            "# {device} maintenance guide (case {n})\n\nHow to keep the {device} healthy, from installation to retirement.\n"
        );
        for part in [
            "Installation",
            "Everyday care",
            "Updates",
            "Storage and logs",
            "Retirement",
        ] {
            let _ = writeln!(
                md,
                "## {part}\n\nWhat to know about {} for the {device}.\n",
                part.to_lowercase()
            );
            let (label, _, steps) = rng.pick(CAUSES);
            let _ = writeln!(md, "### When {}\n", label.to_lowercase());
            for s in *steps {
                let _ = writeln!(md, "1. {s}");
            }
            let _ = writeln!(
                md,
                "\n| Setting | Value |\n|---|--:|\n| Interval | {} days |\n| Error code | E{:04} |\n",
                1 + rng.below(90),
                rng.below(10_000)
            );
        }
    }
    (slug, md)
}

/// A troubleshooting tree: symptom, causes, a fix per cause, last resort, verify, escalation.
fn tree_article(n: usize, seed: u64) -> (String, String) {
    let mut rng = Rng(seed ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let device = rng.pick(DEVICES);
    let symptom = rng.pick(SYMPTOMS);
    let title = format!("{device} {symptom} (case {n})");
    let slug = format!("generated-{n:05}");
    let mut md = String::new();
    front_matter(&mut md, &mut rng, device);
    let _ = writeln!(md, "# {title}\n\n## Symptom\n");
    let _ = writeln!(
        md,
        "The {device} {symptom}. In NovaVMS the device tile turns grey and the event log shows error code E{:04}. The status LED {}.\n",
        rng.below(10_000),
        rng.pick(&["blinks amber", "is solid red", "alternates green and amber", "is off"])
    );
    let count = 3 + rng.below(3);
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count {
        let c = rng.below(CAUSES.len());
        if !chosen.contains(&c) {
            chosen.push(c);
        }
    }
    let _ = writeln!(md, "## Likely causes\n");
    for &c in &chosen {
        let _ = writeln!(md, "- [{}.](#{})", CAUSES[c].0, CAUSES[c].1);
    }
    let _ = writeln!(md, "\n## Fix\n");
    for &c in &chosen {
        let (label, id, steps) = CAUSES[c];
        let _ = writeln!(md, "### If {} {{#{id}}}\n", label.to_lowercase());
        for s in steps {
            let _ = writeln!(md, "1. {s}");
        }
        let _ = writeln!(md, "1. Check the {device} again after {} minutes.\n", 2 + rng.below(10));
    }
    let _ = writeln!(md, "## Last resort: factory reset\n\n- Hold the reset button for 10 seconds.\n- Set the device up again from the Nova app.\n");
    let _ = writeln!(
        md,
        "## Verify\n\n- The {device} shows online in NovaVMS.\n- The LED is solid green.\n"
    );
    let _ = writeln!(
        md,
        "## If none of this worked\n\n- Export the diagnostics bundle.\n- Open a support ticket and attach it.\n"
    );
    let other = rng.below(n.max(1));
    let _ = writeln!(md, "## See also\n\n- [Related case](generated-{other:05}.md)");
    (slug, md)
}

/// Product families: the folders (sections) generated articles are filed in.
const FAMILIES: &[&str] = &["cameras", "gateways", "doorbells", "sensors", "recorders", "hubs"];

/// The folder article `n` is filed in, as a help center files them: a third at the top, the
/// rest by product family, and one in five of those in the family's `advanced` subfolder.
pub fn folder(n: usize) -> Option<String> {
    if n % 3 == 0 {
        return None;
    }
    let family = FAMILIES[(n / 3) % FAMILIES.len()];
    Some(if n % 5 == 0 {
        format!("{family}/advanced")
    } else {
        family.to_string()
    })
}

/// Writes `count` articles into `dir` (created if needed), in their folders, with an
/// `_index.md` introducing each family.
pub fn write(dir: &Path, count: usize, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for family in FAMILIES {
        std::fs::create_dir_all(dir.join(family).join("advanced"))?;
        let title = format!("{}{}", family[..1].to_uppercase(), &family[1..]);
        std::fs::write(
            dir.join(family).join("_index.md"),
            format!("---\ntitle: {title}\n---\n\nTroubleshooting guides for {family}, by symptom.\n"),
        )?;
    }
    for n in 0..count {
        let (slug, md) = article(n, seed);
        let folder = folder(n).map_or_else(|| dir.to_path_buf(), |f| dir.join(f));
        std::fs::write(folder.join(format!("{slug}.md")), md)?;
    }
    Ok(())
}

/// A fixed, realistic mix of queries for benchmarks: plain words, typos, phrases, technical tokens.
pub fn queries(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed | 1);
    let pool: Vec<String> = DEVICES
        .iter()
        .map(|d| d.to_lowercase())
        .chain(SYMPTOMS.iter().map(std::string::ToString::to_string))
        .chain(CAUSES.iter().map(|c| c.0.to_lowercase()))
        .collect();
    (0..count)
        .map(|i| {
            let base = rng.pick(&pool).clone();
            let words: Vec<&str> = base.split_whitespace().collect();
            let take = 1 + rng.below(words.len().min(4));
            let start = rng.below(words.len() + 1 - take);
            let mut q = words[start..start + take].join(" ");
            match i % 6 {
                0 => q = typo(&q, &mut rng),
                1 => q = format!("\"{q}\""),
                2 => {
                    q = rng
                        .pick(&["ERR_CERT_DATE_INVALID", "169.254", "802.3at", "8883", "H.265", "E1234"])
                        .to_string();
                }
                _ => {}
            }
            q
        })
        .collect()
}

fn typo(q: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = q.chars().collect();
    if chars.len() > 4 {
        let i = 1 + rng.below(chars.len() - 2);
        chars.remove(i);
    }
    chars.into_iter().collect()
}

/// How people name each device when they search (not the catalogue name).
pub const DEVICE_WORDS: &[(&str, &[&str])] = &[
    ("Nova Gateway G2", &["g2 gateway", "nova gateway", "gatway g2"]),
    ("Nova Camera C4", &["c4 camera", "nova c4 cam", "camra c4"]),
    ("Nova Dome D5", &["d5 dome camera", "dome d5", "nova dome"]),
    ("Nova PTZ P9", &["ptz p9", "p9 ptz camera", "nova ptz"]),
    (
        "Nova Switch S8P",
        &["s8p switch", "8 port poe switch s8p", "switch s8p"],
    ),
    (
        "Nova Switch S24P",
        &["s24p switch", "24 port switch s24p", "swich s24p"],
    ),
    ("Nova Doorbell B1", &["b1 doorbell", "nova doorbell", "doorbel b1"]),
    ("Nova NVR R16", &["r16 nvr", "nova recorder r16", "nvr r16"]),
    ("Nova Sensor H3", &["h3 sensor", "nova sensor h3", "sensr h3"]),
    ("Nova Bridge L2", &["l2 bridge", "nova bridge", "bridge l2"]),
    ("Nova Access Point W6", &["w6 access point", "nova ap w6", "w6 wifi ap"]),
    ("Nova Hub Z1", &["z1 hub", "nova hub", "hub z1"]),
];

/// How people describe each symptom in their own words.
pub const SYMPTOM_WORDS: &[(&str, &[&str])] = &[
    ("shows offline", &["offline", "went offline", "showing ofline"]),
    (
        "reboots every few minutes",
        &["keeps rebooting", "restarts every few minutes", "reboot loop"],
    ),
    (
        "will not accept the new firmware",
        &["firmware update refused", "wont take new firmware", "firmwre rejected"],
    ),
    (
        "drops video at night",
        &["video drops at night", "no video at night", "loses video overnight"],
    ),
    (
        "cannot be found on the network",
        &[
            "not found on network",
            "cant find it on the network",
            "not showing up in scan",
        ],
    ),
    (
        "shows a certificate warning",
        &["cert warning", "certificate error", "certifcate warning"],
    ),
    (
        "stops recording",
        &["stopped recording", "not recording anymore", "recording stops"],
    ),
    (
        "loses its settings",
        &["settings lost", "forgets settings", "setings reset themselves"],
    ),
    (
        "has a blinking amber LED",
        &["amber light blinking", "orange led flashing", "blinking amber"],
    ),
    (
        "reports high temperature",
        &["overheating", "high temperature warning", "temprature too high"],
    ),
    (
        "will not pair with the cloud",
        &["wont pair", "cloud pairing fails", "cant pair to cloud"],
    ),
    (
        "has no PoE power",
        &["no poe power", "not getting power over ethernet", "no power on poe"],
    ),
    (
        "shows a black image",
        &["black screen", "image is black", "black picture"],
    ),
    (
        "answers slowly in the web UI",
        &["web ui slow", "web page very slow", "slow web interface"],
    ),
    (
        "disconnects from Wi-Fi",
        &["wifi keeps dropping", "drops off wireless", "wi fi disconnects"],
    ),
    ("shows the wrong time", &["wrong time", "clock wrong", "time is off"]),
];

/// How people name each cause (by its `{#id}`) in their own words.
pub const CAUSE_WORDS: &[(&str, &[&str])] = &[
    (
        "budget",
        &[
            "poe budget exceeded",
            "not enough watts on the switch",
            "switch out of poe power",
        ],
    ),
    (
        "link-local",
        &["169.254 address", "self assigned ip 169.254", "no dhcp address"],
    ),
    (
        "clock",
        &[
            "ERR_CERT_DATE_INVALID",
            "date invalid tls error",
            "wrong clock breaks tls",
        ],
    ),
    (
        "firewall",
        &["port 8883 blocked", "firewall blocking mqtt", "outbound 8883 blocked"],
    ),
    (
        "revision",
        &[
            "firmware for wrong hardware revision",
            "wrong hw revision image",
            "firmware for other revision",
        ],
    ),
    (
        "storage",
        &[
            "storage full overwrite off",
            "disk full",
            "no space left overwrite disabled",
        ],
    ),
    ("cable", &["damaged cable", "cable too long", "bad ethernet cable"]),
    ("vlan", &["on another vlan", "different vlan", "wrong vlan"]),
    (
        "codec",
        &[
            "h265 too heavy",
            "hevc stream too heavy for viewer",
            "h.265 choppy in viewer",
        ],
    ),
    (
        "password",
        &[
            "forgot admin password",
            "admin pasword changed and forgotten",
            "lost admin password",
        ],
    ),
    (
        "heat",
        &[
            "overheats in sun",
            "direct sunlight too hot",
            "overheating in direct sun",
        ],
    ),
    (
        "wifi",
        &["weak wifi signal", "wi-fi signal too weak", "poor wireless signal"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_articles_are_deterministic() {
        for n in 0..50 {
            assert_eq!(article(n, 7), article(n, 7));
        }
        assert_eq!(queries(100, 3).len(), 100);
    }
}
