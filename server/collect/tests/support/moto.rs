// A moto server (https://github.com/getmoto/moto, installed from PyPI by .ci/setup) on a free
// loopback port, killed on drop, plus the seeding script. Shared by berth-collect's tests and the
// repo's end-to-end test (tests/cli_collect.rs includes this file), so: std only, no `//!`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Fake credentials and no instance metadata: nothing can reach (or wait for) real AWS.
pub const FAKE_ENV: [(&str, &str); 6] = [
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
    ("AWS_SESSION_TOKEN", "testing"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
    ("AWS_CONFIG_FILE", "/dev/null"),
    ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
];

pub struct Moto {
    pub endpoint: String,
    child: Child,
}

impl Moto {
    /// Starts `python3 -m moto.server` and waits until it answers.
    pub fn start() -> Moto {
        let installed = Command::new("python3")
            .args(["-c", "import moto.server, boto3"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        assert!(
            installed,
            "moto server is not installed: run .ci/setup (it pip-installs moto[server])"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m moto.server starts");
        let moto = Moto {
            endpoint: format!("http://127.0.0.1:{port}"),
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if moto.get("/moto-api/").is_some() {
                return moto;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "moto server did not answer on {} within 60 s",
            moto.endpoint
        );
    }

    /// A plain HTTP GET on the server; `None` until it listens.
    fn get(&self, path: &str) -> Option<String> {
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        response.starts_with("HTTP/1.").then_some(response)
    }

    /// Seeds the server from a JSON spec (see seed.py for its shape).
    pub fn seed(&self, spec: &str) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(SEED_SCRIPT_FROM_MANIFEST)
            .canonicalize()
            .expect("seed.py exists");
        let mut child = Command::new("python3")
            .arg(script)
            .env("BERTH_MOTO_ENDPOINT", &self.endpoint)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .envs(FAKE_ENV)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(spec.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "seeding moto failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
