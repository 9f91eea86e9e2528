//! The command-line fallback: the shell commands that compute a file's hash without the page.

use super::Algorithm;
use crate::model::FirmwareImage;

/// The shell commands that compute the same hash without this page, one per shell, each with
/// the file name quoted for that shell: POSIX `sh` (Linux, macOS), PowerShell, and the Windows
/// Command Prompt (left out when the name holds a character `cmd` cannot quote).
pub fn commands(algorithm: Algorithm, file: &str) -> Vec<(&'static str, String)> {
    let (gnu, certutil, shasum) = match algorithm {
        Algorithm::Sha256 => ("sha256sum", "SHA256", "shasum -a 256"),
        Algorithm::Sha512 => ("sha512sum", "SHA512", "shasum -a 512"),
        Algorithm::Sha1 => ("sha1sum", "SHA1", "shasum -a 1"),
        Algorithm::Md5 => ("md5sum", "MD5", "md5"),
    };
    // A name starting with `-` would be read as an option.
    let (posix, windows) = if file.starts_with('-') {
        (format!("./{file}"), format!(".\\{file}"))
    } else {
        (file.to_string(), file.to_string())
    };
    let mut out = vec![
        ("Linux", format!("{gnu} {}", posix_quote(&posix))),
        ("macOS", format!("{shasum} {}", posix_quote(&posix))),
    ];
    let powershell = format!("certutil -hashfile {} {certutil}", powershell_quote(&windows));
    match cmd_quote(&windows).map(|q| format!("certutil -hashfile {q} {certutil}")) {
        // One line when both Windows shells read the same words (a plain name).
        Some(cmd) if cmd == powershell => out.push(("Windows", cmd)),
        Some(cmd) => {
            out.push(("Windows PowerShell", powershell));
            out.push(("Windows Command Prompt", cmd));
        }
        None => out.push(("Windows PowerShell", powershell)),
    }
    out
}

/// Characters no shell treats specially, so a name made of them needs no quotes.
fn is_plain(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+/=:@,".contains(c))
}

/// A word for POSIX `sh`: single quotes keep everything literal; a `'` ends them, is escaped,
/// and they start again.
fn posix_quote(name: &str) -> String {
    if is_plain(name) {
        return name.to_string();
    }
    format!("'{}'", name.replace('\'', r"'\''"))
}

/// A word for PowerShell: single quotes keep `$`, backticks and double quotes literal; a single
/// quote inside (PowerShell also reads the typographic ones ‘ ’ ‚ ‛ as such) is doubled.
fn powershell_quote(name: &str) -> String {
    if is_plain(name) && !name.contains(['@', ',']) {
        return name.to_string();
    }
    let mut out = String::from("'");
    for c in name.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A word for the Command Prompt, or `None` when it cannot be written safely: inside double
/// quotes `cmd` still expands `%VAR%` (and `!VAR!` with delayed expansion), and a `"` or a line
/// break cannot be quoted at all. Windows file names never hold `"`, so this loses nothing real.
fn cmd_quote(name: &str) -> Option<String> {
    if name
        .chars()
        .any(|c| matches!(c, '%' | '!' | '"' | '^') || c.is_control())
    {
        return None;
    }
    Some(if is_plain(name) && !name.contains(',') {
        name.to_string()
    } else {
        format!("\"{name}\"")
    })
}

/// What the command-line fallback of a checker expecting `expected` shows: the image's own file
/// name and algorithm when it expects one image, else `FILE` and SHA-256 (or the one algorithm
/// every expected image publishes).
pub fn fallback_command(expected: &[FirmwareImage]) -> (Algorithm, String) {
    // `ALL` starts with SHA-256, so it wins whenever every image publishes it.
    let algorithm = Algorithm::ALL
        .into_iter()
        .find(|a| expected.iter().all(|i| i.digests.iter().any(|d| d.algorithm == *a)))
        .unwrap_or(Algorithm::Sha256);
    match expected {
        [one] => (algorithm, one.file.clone()),
        _ => (algorithm, "FILE".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firmware::fixtures::{d, image, ABC256};

    #[test]
    fn commands_quote_names_and_name_the_image_when_there_is_one() {
        let by = |a, f| commands(a, f).into_iter().map(|(_, c)| c).collect::<Vec<_>>();
        assert_eq!(
            by(Algorithm::Sha256, "fw.bin"),
            [
                "sha256sum fw.bin",
                "shasum -a 256 fw.bin",
                "certutil -hashfile fw.bin SHA256"
            ]
        );
        assert_eq!(
            by(Algorithm::Md5, "Nova fw (rev B).bin"),
            [
                "md5sum 'Nova fw (rev B).bin'",
                "md5 'Nova fw (rev B).bin'",
                "certutil -hashfile 'Nova fw (rev B).bin' MD5",
                "certutil -hashfile \"Nova fw (rev B).bin\" MD5"
            ]
        );
        assert_eq!(by(Algorithm::Sha1, "it's.bin")[1], r"shasum -a 1 'it'\''s.bin'");
        assert_eq!(
            by(Algorithm::Sha1, "it's.bin")[2],
            "certutil -hashfile 'it''s.bin' SHA1"
        );
        assert_eq!(by(Algorithm::Sha256, "-rf.bin")[0], "sha256sum ./-rf.bin");
        assert_eq!(
            by(Algorithm::Sha256, "-rf.bin")[3],
            r#"certutil -hashfile ".\-rf.bin" SHA256"#
        );
    }

    #[test]
    fn powershell_and_cmd_never_expand_anything_in_a_name() {
        // The injection the hardening issue found: `$(…)` and backticks inside double quotes.
        let ps = &commands(Algorithm::Sha256, "fw$(Start-Process calc)`whoami`.bin")[2].1;
        assert_eq!(ps, "certutil -hashfile 'fw$(Start-Process calc)`whoami`.bin' SHA256");
        // A typographic quote ends a PowerShell string too, so it is doubled like `'`.
        let ps = &commands(Algorithm::Sha256, "a\u{2019}; calc; \u{2018}.bin")[2].1;
        assert_eq!(
            ps,
            "certutil -hashfile 'a\u{2019}\u{2019}; calc; \u{2018}\u{2018}.bin' SHA256"
        );
        for name in ["%PATH%.bin", "a!b!.bin", "q\".bin", "a^b.bin", "new\nline.bin"] {
            let shells: Vec<&str> = commands(Algorithm::Sha256, name).iter().map(|(s, _)| *s).collect();
            assert!(!shells.contains(&"Windows Command Prompt"), "{name}: {shells:?}");
        }
    }

    /// Runs the POSIX commands through `sh -c` on files with awkward names: each prints the
    /// file's real digest and nothing in the name runs.
    #[cfg(unix)]
    #[test]
    fn posix_commands_hash_awkward_names_through_sh() {
        let dir = std::env::temp_dir().join(format!("fixpath-sh-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let names = [
            "plain.bin",
            "with space.bin",
            "it's.bin",
            "$(touch pwned).bin",
            "`touch pwned`.bin",
            "-rf.bin",
            "x; touch pwned.bin",
            "\"q\".bin",
            "back\\slash.bin",
            "new\nline.bin",
            "*.bin",
            "ü ñ.bin",
            "a|b&c>d.bin",
        ];
        let sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; // "hello"
        for name in names {
            std::fs::write(dir.join(name), "hello").unwrap();
        }
        let shasum = std::process::Command::new("sh")
            .args(["-c", "command -v shasum"])
            .output();
        let has_shasum = shasum.is_ok_and(|o| o.status.success());
        for name in names {
            for (shell, cmd) in commands(Algorithm::Sha256, name) {
                if shell.starts_with("Windows") || (shell == "macOS" && !has_shasum) {
                    continue;
                }
                let out = std::process::Command::new("sh")
                    .arg("-c")
                    .arg(&cmd)
                    .current_dir(&dir)
                    .output()
                    .unwrap();
                let stdout = String::from_utf8_lossy(&out.stdout);
                assert!(
                    out.status.success(),
                    "{shell} `{cmd}`: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                // GNU tools mark a name they had to escape (`\\`, a line break) with a leading `\\`.
                assert!(
                    stdout.trim_start_matches('\\').starts_with(sha256),
                    "{shell} `{cmd}` printed {stdout}"
                );
                assert_eq!(
                    stdout.matches(sha256).count(),
                    1,
                    "{shell} `{cmd}` hashed more than one file: {stdout}"
                );
            }
        }
        assert!(!dir.join("pwned").exists(), "a name ran a command");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fallback_names_the_image_when_there_is_one() {
        let a = image("a.bin", "rev A", vec![d(Algorithm::Sha256, ABC256)]);
        let b = image("b.bin", "rev B", vec![d(Algorithm::Sha1, &"1".repeat(40))]);
        assert_eq!(
            fallback_command(std::slice::from_ref(&a)),
            (Algorithm::Sha256, "a.bin".into())
        );
        assert_eq!(
            fallback_command(std::slice::from_ref(&b)),
            (Algorithm::Sha1, "b.bin".into())
        );
        assert_eq!(fallback_command(&[a, b]), (Algorithm::Sha256, "FILE".into()));
        assert_eq!(fallback_command(&[]), (Algorithm::Sha256, "FILE".into()));
    }
}
