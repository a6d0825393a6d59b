//! `berth serve`: the dashboard.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::store::Store;
use crate::web;

/// Threads for blocking work (the store, a page's slice of the fleet, reports), past which
/// such work waits its turn. Tokio's default, 512, let a burst of page requests start a thread
/// each, every one keeping memory of its own in the allocator: in the warm soak the server's
/// resident memory ended 53 % above its start; with 32 it ends within 4 % and serves as many
/// pages (16 cost a tenth of them).
const BLOCKING_THREADS: usize = 32;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "BERTH_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Path of the SQLite database (created when missing)
    #[arg(long, env = "BERTH_DB", default_value = "berth.db")]
    pub db: PathBuf,
    /// Folder of the built browser assets (wasm, JS, CSS, ECharts), as `cargo leptos build` writes it
    #[arg(long, env = "BERTH_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
    /// Largest snapshot file accepted by upload (the page and `POST /api/snapshots`), in MB
    #[arg(long, env = "BERTH_MAX_UPLOAD_MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub max_upload_mb: u64,
    /// Require sign-in with the tokens of this auth file (make one with `berth auth add`)
    #[arg(long, env = "BERTH_AUTH_FILE")]
    pub auth_file: Option<PathBuf>,
    /// Serve a non-loopback address without sign-in (anyone who reaches it is admin)
    #[arg(long, env = "BERTH_NO_AUTH", conflicts_with = "auth_file")]
    pub no_auth: bool,
    /// Mark the session cookie Secure (set it when a TLS proxy in front does not send X-Forwarded-Proto)
    #[arg(long, env = "BERTH_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Hours a browser session lasts before signing in again
    #[arg(long, env = "BERTH_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_hours: u64,
    /// The origin browsers use when a reverse proxy rewrites Host, e.g. https://berth.example
    #[arg(long, env = "BERTH_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Log lines as text or as JSON objects (one per line, for log collectors)
    #[arg(long, env = "BERTH_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Sign-in and origin rules from the flags; refuses to serve a network address without sign-in
/// unless told to.
fn security(args: &ServeArgs) -> anyhow::Result<web::guard::Security> {
    let auth = match &args.auth_file {
        Some(path) => Some(std::sync::Arc::new(crate::auth::Auth::open(
            path,
            std::time::Duration::from_secs(args.session_hours * 3600),
        )?)),
        None if args.addr.ip().is_loopback() => None,
        None if args.no_auth => {
            tracing::warn!(
                "serving {} WITHOUT sign-in (--no-auth): anyone who reaches it can read every snapshot, delete them and collect with this server's AWS credentials",
                args.addr
            );
            None
        }
        None => anyhow::bail!(
            "refusing to serve {} without sign-in: pass --auth-file FILE (create one with `berth auth add FILE --role admin`), or --no-auth to serve it open",
            args.addr
        ),
    };
    if let Some(origin) = &args.public_origin {
        let url = url::Url::parse(origin)
            .map_err(|error| anyhow::anyhow!("--public-origin {origin:?} is not a URL: {error}"))?;
        if !matches!(url.scheme(), "http" | "https") || url.path() != "/" || url.host().is_none() {
            anyhow::bail!("--public-origin {origin:?} must be scheme://host[:port] only");
        }
    }
    Ok(web::guard::Security {
        auth,
        secure_cookies: args.secure_cookies,
        public_origin: args
            .public_origin
            .as_ref()
            .map(|o| o.trim_end_matches('/').to_string()),
    })
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("BERTH_LOG").unwrap_or_else(|_| "info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    let metrics = web::ops::install_metrics()?;
    let security = security(&args)?;
    let store = Store::open(&args.db)?;
    if store.load_demo_if_empty()? {
        tracing::info!("empty database: loaded the built-in demo fleet");
    }
    if !args.site_dir.join("pkg").join("berth.wasm").exists() {
        tracing::warn!(
            "no browser bundle in {}: pages render but do not hydrate (run `cargo leptos build --release`)",
            args.site_dir.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        let state = web::AppState::with_upload_limit(
            store,
            &args.site_dir,
            addr,
            args.max_upload_mb * 1024 * 1024,
        )
        .with_security(security);
        let state = web::AppState {
            metrics: Some(metrics),
            ..state
        };
        let store = state.backend.store.clone();
        // Analyse the newest snapshot now rather than on the first visitor's request (seconds
        // for 10,000 functions); requests meanwhile wait for this one build.
        let backend = state.backend.clone();
        tokio::task::spawn_blocking(move || {
            use berth_app::backend::Backend;
            if let Err(error) = backend.fleet_view() {
                tracing::warn!("warming the fleet view failed: {error}");
            }
        });
        let app = web::app(state);
        // Tests and scripts wait for this exact line.
        println!("berth listening on http://{addr}");
        web::listen::serve(listener, app, shutdown_signal())
            .await
            .context("server stopped")?;
        // A running collection is dropped with the runtime: its snapshot is stored in one
        // transaction at the end, so nothing partial is left. The log goes into the database
        // file, so the file alone is whole.
        match tokio::task::spawn_blocking(move || store.checkpoint()).await {
            Ok(Ok(())) => tracing::info!("stopped; database checkpointed"),
            Ok(Err(error)) => tracing::warn!("checkpoint at shutdown: {error}"),
            Err(error) => tracing::warn!("checkpoint at shutdown: {error}"),
        }
        Ok(())
    })
}

/// Ctrl-C in a terminal, SIGTERM from a container runtime: finish in-flight requests and stop.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}
