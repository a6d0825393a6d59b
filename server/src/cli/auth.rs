//! `berth auth add FILE --role admin|viewer [--name LABEL]`, `berth auth list FILE`,
//! `berth auth remove FILE LABEL`: the auth file `berth serve --auth-file` reads.

use std::path::PathBuf;

use berth_app::views::Role;
use clap::{Args, Subcommand, ValueEnum};

use crate::auth::AuthFile;

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Add a token (the file is created when missing) and print it, once: only its hash is kept
    Add(AddArgs),
    /// List the tokens: label, role, id, creation time (never the tokens)
    List(FileArg),
    /// Remove the token labelled LABEL; its sessions end at once on a running server
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The auth file
    pub file: PathBuf,
    /// What the token may do: viewer (pages, exports, reports) or admin (also import, delete,
    /// collect, save assumptions)
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// A unique label (default `token-<id>`); letters, digits, '.', '_', '-', '@'
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct FileArg {
    /// The auth file
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The auth file
    pub file: PathBuf,
    /// The label of the token to remove
    pub label: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Admin => Role::Admin,
        }
    }
}

pub fn run(command: AuthCommand) -> anyhow::Result<()> {
    match command {
        AuthCommand::Add(args) => {
            let mut file = AuthFile::read(&args.file, true)?;
            let now = berth_engine::time::format_rfc3339(now_unix());
            let new = file.add(args.role.into(), args.name.as_deref(), &now)?;
            file.write(&args.file)?;
            eprintln!(
                "added {} token {:?} to {}; it is shown only now:",
                new.entry.role.as_str(),
                new.entry.name,
                args.file.display()
            );
            println!("{}", new.token);
        }
        AuthCommand::List(args) => {
            let file = AuthFile::read(&args.file, false)?;
            println!("{:<24} {:<7} {:<9} created", "label", "role", "id");
            for entry in &file.tokens {
                println!(
                    "{:<24} {:<7} {:<9} {}",
                    entry.name,
                    entry.role.as_str(),
                    entry.id,
                    entry.created_at
                );
            }
        }
        AuthCommand::Remove(args) => {
            let mut file = AuthFile::read(&args.file, false)?;
            let removed = file.remove(&args.label)?;
            file.write(&args.file)?;
            eprintln!(
                "removed {} token {:?} from {}",
                removed.role.as_str(),
                removed.name,
                args.file.display()
            );
        }
    }
    Ok(())
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
