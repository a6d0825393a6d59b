//! `berth-bundle`: builds the browser bundle into `target/site`, as the server serves it:
//!
//! ```text
//! target/site/pkg/berth.wasm   the `hydrate` build of berth-app, bindings generated, wasm-opt -Oz
//! target/site/pkg/berth.js     its JS bindings (minified by terser in release)
//! target/site/pkg/berth.css    style/main.css
//! target/site/…                public/ and ECharts (node_modules/echarts/dist/echarts.min.js)
//! ```
//!
//! The site is written beside the old one and swapped in at the end, so a failed build leaves
//! the previous bundle in place. The same inputs in the same checkout give byte-identical files.

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Build Berth's browser bundle (wasm, JS, CSS, static files) into the site directory.
#[derive(Debug, Parser)]
#[command(name = "berth-bundle")]
struct Args {
    /// Where to write the site (default: `site` in the cargo target directory).
    #[arg(long)]
    site_dir: Option<PathBuf>,
    /// Unoptimised: the `dev` profile, no wasm-opt, no JS minifier (a faster build to debug).
    #[arg(long)]
    dev: bool,
}

/// The name leptos' `HydrationScripts` loads (`/pkg/berth.js`, `/pkg/berth.wasm`); the same as
/// `LEPTOS_OUTPUT_NAME` in `.cargo/config.toml`.
const OUTPUT_NAME: &str = "berth";
/// The crate built for the browser, its features and wasm profile (see the root Cargo.toml).
const LIB_PACKAGE: &str = "berth-app";
const LIB_FEATURES: &str = "hydrate";
const RELEASE_PROFILE: &str = "wasm-release";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's binaryen (108) rewrites the externref table export and breaks hydration silently;
/// the npm package `binaryen` at this major version works.
const WASM_OPT_VERSION: &str = "version 132";

fn main() {
    if let Err(error) = run(Args::parse()) {
        eprintln!("berth-bundle: {error:#}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<()> {
    let root = workspace_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"));
    let site = args.site_dir.unwrap_or_else(|| target_dir.join("site"));
    let profile = if args.dev { "dev" } else { RELEASE_PROFILE };
    let node_bin = root.join("node_modules/.bin");
    let tools = Tools::find(&root, &node_bin, args.dev)?;

    let started = Instant::now();
    let mut step = Step::new();
    let wasm = build_wasm(&root, &target_dir, profile)?;
    step.done("cargo build (wasm32)");

    // wasm-opt takes most of a minute: when nothing that goes into the site changed since the
    // last build into the same directory, the site is left as it is.
    let stamp_file = target_dir.join("front").join("site-inputs");
    let stamp = inputs_stamp(&root, &wasm, &tools, &site, profile)?;
    if site.is_dir() && std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(&stamp) {
        eprintln!("berth-bundle: {} is up to date", site.display());
        return Ok(());
    }

    let staging = sibling(&site, "new")?;
    remove_dir(&staging)?;
    let pkg = staging.join("pkg");
    bindgen(&wasm, &pkg)?;
    step.done("wasm-bindgen");

    let wasm_out = pkg.join(format!("{OUTPUT_NAME}.wasm"));
    if let Some(wasm_opt) = &tools.wasm_opt {
        run_tool(
            Command::new(wasm_opt)
                .args(["-Oz", "--enable-bulk-memory"])
                .arg(&wasm_out)
                .arg("-o")
                .arg(&wasm_out),
            "wasm-opt",
        )?;
        step.done("wasm-opt -Oz");
    }
    if let Some(terser) = &tools.terser {
        let js = pkg.join(format!("{OUTPUT_NAME}.js"));
        run_tool(
            Command::new(terser)
                .arg(&js)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&js),
            "terser",
        )?;
        step.done("terser");
    }

    copy_file(
        &root.join("style/main.css"),
        &pkg.join(format!("{OUTPUT_NAME}.css")),
    )?;
    copy_dir(&root.join("public"), &staging)?;
    copy_file(&tools.echarts, &staging.join("echarts.min.js"))?;
    step.done("CSS and static files");

    swap_in(&staging, &site)?;
    std::fs::write(&stamp_file, stamp).context("writing the bundle's input stamp")?;
    eprintln!(
        "berth-bundle: wrote {} in {:.1} s ({profile})",
        site.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A digest of everything the site is made from (the wasm cargo wrote, the CSS, `public/`,
/// ECharts, the mode and the site's path), to tell whether a build can be skipped.
fn inputs_stamp(
    root: &Path,
    wasm: &Path,
    tools: &Tools,
    site: &Path,
    profile: &str,
) -> Result<String> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut files = vec![
        wasm.to_path_buf(),
        root.join("style/main.css"),
        tools.echarts.clone(),
    ];
    list_files(&root.join("public"), &mut files)?;
    let mut hasher = DefaultHasher::new();
    (profile, site, env!("CARGO_PKG_VERSION")).hash(&mut hasher);
    for file in &files {
        file.hash(&mut hasher);
        std::fs::read(file)
            .with_context(|| format!("reading {}", file.display()))?
            .hash(&mut hasher);
    }
    Ok(format!("{:016x}", hasher.finish()))
}

fn list_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        if entry.file_type()?.is_dir() {
            list_files(&entry.path(), files)?;
        } else {
            files.push(entry.path());
        }
    }
    Ok(())
}

/// The workspace root: two levels above this crate (`app/bundle`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// The outside programs a build needs, checked before anything is built.
struct Tools {
    wasm_opt: Option<PathBuf>,
    terser: Option<PathBuf>,
    echarts: PathBuf,
}

impl Tools {
    fn find(root: &Path, node_bin: &Path, dev: bool) -> Result<Tools> {
        let npm_hint = "run `npm ci` in the repository (or `bash .ci/setup`)";
        let echarts = root.join("node_modules/echarts/dist/echarts.min.js");
        ensure!(
            echarts.is_file(),
            "{} is missing: {npm_hint}",
            echarts.display()
        );
        if dev {
            return Ok(Tools {
                wasm_opt: None,
                terser: None,
                echarts,
            });
        }
        let wasm_opt = node_bin.join("wasm-opt");
        let version = Command::new(&wasm_opt)
            .arg("--version")
            .output()
            .with_context(|| format!("cannot run {}: {npm_hint}", wasm_opt.display()))?;
        let version = String::from_utf8_lossy(&version.stdout);
        ensure!(
            version.contains(WASM_OPT_VERSION),
            "{} is `{}`, not binaryen {WASM_OPT_VERSION}: {npm_hint}",
            wasm_opt.display(),
            version.trim()
        );
        let terser = node_bin.join("terser");
        ensure!(
            terser.is_file(),
            "{} is missing: {npm_hint}",
            terser.display()
        );
        Ok(Tools {
            wasm_opt: Some(wasm_opt),
            terser: Some(terser),
            echarts,
        })
    }
}

/// `cargo build` of the browser crate for wasm32; returns the `.wasm` it wrote.
///
/// It builds in its own target directory (`target/front`, as cargo-leptos did): cargo locks a
/// target directory while it builds, and the wasm shares no artifacts with the server's build
/// anyway (other target, other profile), so the server can be built at the same time.
/// Paths are remapped so panic locations do not name the checkout or `CARGO_HOME`. (Cargo's
/// crate hashes still include the checkout's path: byte-identical wasm needs the same path.)
fn build_wasm(root: &Path, target_dir: &Path, profile: &str) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let rustflags = [
        format!("--remap-path-prefix={}=/cargo", cargo_home.display()),
        format!("--remap-path-prefix={}=/berth", root.display()),
    ]
    .join("\x1f");
    let front_dir = target_dir.join("front");
    run_tool(
        Command::new(cargo)
            .current_dir(root)
            .args([
                "build",
                "--package",
                LIB_PACKAGE,
                "--lib",
                "--target",
                WASM_TARGET,
            ])
            .args(["--no-default-features", "--features", LIB_FEATURES])
            .args(["--profile", profile])
            .arg("--target-dir")
            .arg(&front_dir)
            .env("LEPTOS_OUTPUT_NAME", OUTPUT_NAME)
            .env("CARGO_ENCODED_RUSTFLAGS", rustflags),
        "cargo build",
    )?;
    // Cargo names the dev profile's folder `debug`.
    let folder = if profile == "dev" { "debug" } else { profile };
    let wasm = front_dir
        .join(WASM_TARGET)
        .join(folder)
        .join(format!("{}.wasm", LIB_PACKAGE.replace('-', "_")));
    ensure!(wasm.is_file(), "cargo build wrote no {}", wasm.display());
    Ok(wasm)
}

/// The JS bindings for `--target web`, written into `pkg` as `berth.js` and `berth.wasm`
/// (`HydrationScripts` loads `{name}.wasm`, not wasm-bindgen's `{name}_bg.wasm`).
fn bindgen(wasm: &Path, pkg: &Path) -> Result<()> {
    let mut output = wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(OUTPUT_NAME)
        .web(true)?
        .generate_output()
        .context("wasm-bindgen")?;
    output.emit(pkg).context("writing the bindings")?;
    std::fs::rename(
        pkg.join(format!("{OUTPUT_NAME}_bg.wasm")),
        pkg.join(format!("{OUTPUT_NAME}.wasm")),
    )
    .context("renaming the wasm file")
}

fn run_tool(command: &mut Command, name: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {name}"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(())
}

/// `dir` with a suffix, beside it (`target/site` → `target/site.new`).
fn sibling(dir: &Path, suffix: &str) -> Result<PathBuf> {
    let name = dir
        .file_name()
        .with_context(|| format!("{} has no folder name", dir.display()))?;
    let mut name = name.to_os_string();
    name.push(format!(".{suffix}"));
    Ok(dir.with_file_name(name))
}

/// Puts the freshly built `staging` where `site` was, keeping the old one until the last step.
fn swap_in(staging: &Path, site: &Path) -> Result<()> {
    let old = sibling(site, "old")?;
    remove_dir(&old)?;
    if site.exists() {
        std::fs::rename(site, &old)
            .with_context(|| format!("moving the old {} aside", site.display()))?;
    }
    std::fs::rename(staging, site).with_context(|| format!("writing {}", site.display()))?;
    remove_dir(&old)
}

fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(error).with_context(|| format!("removing {}", dir.display()))
        }
        _ => Ok(()),
    }
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Copies the files under `from` into `to`, keeping the folder structure.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(from, &mut files)?;
    for file in files {
        let relative = file.strip_prefix(from).expect("listed under the folder");
        copy_file(&file, &to.join(relative))?;
    }
    Ok(())
}

/// Prints how long each step took, for the build-time figures in the README.
struct Step(Instant);

impl Step {
    fn new() -> Step {
        Step(Instant::now())
    }

    fn done(&mut self, what: &str) {
        eprintln!(
            "berth-bundle: {what}: {:.1} s",
            self.0.elapsed().as_secs_f64()
        );
        self.0 = Instant::now();
    }
}
