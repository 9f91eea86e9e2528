//! Firmware verification on the server side: known images in the front matter, the checkers
//! `verify` blocks place in articles, the `/verify` page (with its no-JavaScript fallback), and
//! what the API and server functions return.

use crate::support::{bundled, get, router_for};
use axum::http::StatusCode;

const REV_A_SHA256: &str = "200cfc81e5193432f3ead62b244b6a694ca4ac494d1bdb186401ef025854c7ac";
const REV_B_SHA256: &str = "d7f10dd0aa15d6429788124ac13925564b0c56dcee331bfdc87dadf116731746";
const C4_SHA1: &str = "207d3cc529a4f0a60279c86c719af98839035862";

/// Multi-threaded, as in production: pages holding browser-only state must render and drop on
/// any worker thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verify_page_lists_known_images_and_the_command_line_fallback() {
    let app = bundled();
    for _ in 0..4 {
        let r = get(&app, "/verify").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("<title>Check a firmware file · Fixpath</title>"));
        assert!(r.body.contains("never uploaded"));
        for hash in [REV_A_SHA256, REV_B_SHA256, C4_SHA1] {
            assert!(r.body.contains(hash), "{hash} is listed in full");
        }
        assert!(
            r.body.contains("href=\"/articles/firmware-flash-failed\""),
            "images name their guide"
        );
        assert!(r.body.contains("Checking a file on this page needs JavaScript."));
        for cmd in ["sha256sum FILE", "certutil -hashfile FILE SHA256", "shasum -a 256 FILE"] {
            assert!(r.body.contains(cmd), "{cmd}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_blocks_put_a_checker_in_their_step() {
    let app = bundled();
    let r = get(&app, "/articles/firmware-flash-failed/fix/checksum/1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("class=\"hash-check\""),
        "the checksum fix has a checker"
    );
    assert!(r.body.contains("Known images (3)"));
    assert!(!r.body.contains("language-verify"), "the block is not shown as code");

    let r = get(&app, "/articles/firmware-flash-failed/fix/hardware/2").await;
    assert!(
        r.body.contains("Known images (1)"),
        "the hardware fix checks for the rev B image only"
    );
    assert!(r.body.contains(REV_B_SHA256));
    assert!(
        r.body.contains("sha256sum nova-g2-revB-2.4.1.bin"),
        "a checker for one image gives that image's command"
    );

    let r = get(&app, "/articles/firmware-flash-failed/fix/space/1").await;
    assert!(
        !r.body.contains("class=\"hash-check\""),
        "steps without a block have no checker"
    );

    let r = get(&app, "/articles/firmware-flash-failed/full").await;
    assert_eq!(
        r.body.matches("class=\"hash-check\"").count(),
        2,
        "the whole article shows both"
    );
}

#[tokio::test]
async fn the_api_and_server_functions_return_known_images() {
    let app = bundled();
    let r = get(&app, "/api/articles/firmware-flash-failed").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let fw = &v["firmware"];
    assert_eq!(
        fw.as_array().map(Vec::len),
        Some(3),
        "{}",
        &r.body[..300.min(r.body.len())]
    );
    assert_eq!(fw[0]["file"], "nova-g2-revA-2.4.1.bin");
    assert_eq!(fw[0]["hardware"], "Nova Gateway G2 rev A");
    assert_eq!(fw[0]["digests"][0]["algorithm"], "sha256");
    assert_eq!(fw[0]["digests"][0]["hex"], REV_A_SHA256);
    assert_eq!(fw[2]["digests"][1]["algorithm"], "sha1");

    let r = get(&app, "/rpc/firmware").await;
    assert_eq!(r.status, StatusCode::OK);
    let images: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    // Every image once, with the first guide (by title) that lists it: the recovery playbook
    // lists one of the seed's images too.
    assert_eq!(images.as_array().map(Vec::len), Some(6));
    assert_eq!(images[1]["article"]["slug"], "firmware-flash-failed");
    let files: std::collections::HashSet<&str> = images
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["file"].as_str())
        .collect();
    assert_eq!(files.len(), 6);
}

#[tokio::test]
async fn an_article_with_a_malformed_hash_is_left_out_and_the_rest_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(crate::support::repo_path("content/firmware-flash-failed.md")).expect("seed");
    std::fs::write(dir.path().join("good.md"), &good).expect("write");
    let broken = good.replacen(REV_B_SHA256, &REV_B_SHA256[..63], 1);
    std::fs::write(dir.path().join("broken.md"), broken).expect("write");
    let (app, site) = router_for(dir.path());
    let errors: Vec<String> = site
        .library
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.path.ends_with("broken.md") && !d.message.starts_with("link to"))
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("broken.md:19:"), "{errors:?}");
    assert!(
        errors[0].contains("malformed SHA-256 for `nova-g2-revB-2.4.1.bin`: 63 hex digits"),
        "{errors:?}"
    );
    assert_eq!(get(&app, "/articles/broken").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/articles/good").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/verify").await.status, StatusCode::OK);
}
