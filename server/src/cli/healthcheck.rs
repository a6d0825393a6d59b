//! `berth healthcheck [--addr ADDR]`: asks a running `berth serve` for `/healthz` and exits 0
//! when it answers 200 — the container's HEALTHCHECK, with no curl in the image.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;

#[derive(Debug, Args)]
pub struct HealthcheckArgs {
    /// The address `berth serve` listens on (an unspecified address such as 0.0.0.0 is asked on
    /// loopback)
    #[arg(long, env = "BERTH_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Seconds to wait for the answer
    #[arg(long, default_value_t = 3)]
    pub timeout: u64,
}

pub fn run(args: HealthcheckArgs) -> anyhow::Result<()> {
    let mut addr = args.addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let timeout = Duration::from_secs(args.timeout.max(1));
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("nothing answers on {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream
        .take(64 * 1024)
        .read_to_end(&mut answer)
        .with_context(|| format!("{addr} did not answer in {} s", timeout.as_secs()))?;
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.lines().next().unwrap_or_default();
    if !status.starts_with("HTTP/1.1 200") {
        bail!("{addr}/healthz answered {status:?}");
    }
    println!(
        "{}",
        answer.split("\r\n\r\n").nth(1).unwrap_or_default().trim()
    );
    Ok(())
}
