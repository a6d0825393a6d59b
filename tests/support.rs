//! Small helpers every test uses: a temp dir, the `berth` command, a running server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

pub fn berth() -> Command {
    Command::new(env!("CARGO_BIN_EXE_berth"))
}

/// Where `cargo leptos build` put the browser bundle: `BERTH_SITE_DIR`, else `target/site`.
pub fn site_dir() -> PathBuf {
    std::env::var_os("BERTH_SITE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"))
}

/// A `berth serve` on an ephemeral loopback port over its own database; killed on drop.
pub struct Server {
    pub url: String,
    pub dir: tempfile::TempDir,
    child: Child,
}

impl Server {
    pub fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        Server::start_in(dir)
    }

    pub fn start_in(dir: tempfile::TempDir) -> Server {
        Server::start_with(dir, &[])
    }

    /// `berth serve` with more arguments (e.g. `--auth-file`).
    pub fn start_with(dir: tempfile::TempDir, args: &[&str]) -> Server {
        Server::start_with_env(dir, args, &[])
    }

    /// `berth serve` with more arguments and environment variables.
    pub fn start_with_env(dir: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = berth()
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(dir.path().join("berth.db"))
            .arg("--site-dir")
            .arg(site_dir())
            .args(args)
            .env("BERTH_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("berth starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("berth listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from berth serve: {line:?}"))
            .to_string();
        Server { url, dir, child }
    }
}

impl Server {
    /// `kill -9`: no shutdown, no checkpoint; returns the folder with the database.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }

    /// The server's peak resident memory so far (`VmHWM`), in bytes.
    pub fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kb * 1024
    }
}

/// `GET url` → (status, body).
pub async fn get_text(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` until it returns `Some`, for at most `seconds`.
pub async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    seconds: u64,
    mut check: impl FnMut() -> F,
) -> Option<T> {
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    while std::time::Instant::now() < deadline {
        if let Some(value) = check().await {
            return Some(value);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// chromedriver on a free loopback port, driving Debian's headless Chromium; killed on drop.
/// Starting one asserts that the browser bundle is built.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        assert!(
            site_dir().join("pkg/berth.wasm").exists(),
            "no browser bundle in {}: build it with `cargo leptos build --release --frontend-only`",
            site_dir().display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (run .ci/setup)");
        Driver { child, port }
    }

    pub async fn client(&self) -> Client {
        self.client_with(serde_json::json!({})).await
    }

    /// A browser that saves downloads into `dir` without asking.
    pub async fn client_downloading_to(&self, dir: &Path) -> Client {
        self.client_with(serde_json::json!({
            "download.default_directory": dir,
            "download.prompt_for_download": false,
        }))
        .await
    }

    async fn client_with(&self, prefs: serde_json::Value) -> Client {
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                ],
                "prefs": prefs,
            }
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let url = format!("http://127.0.0.1:{}", self.port);
        eventually(20, || {
            let url = url.clone();
            let capabilities = capabilities.clone();
            async move {
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(capabilities)
                    .connect(&url)
                    .await
                    .ok()
            }
        })
        .await
        .expect("chromedriver accepts a session within 20 s")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
