//! The auth file: the tokens a server accepts, each with a label and a role. Only an argon2id
//! hash of each token is stored, so the file is not a secret the way the tokens are (keep it
//! private anyway: it names who may sign in). Written whole to a temporary file and renamed, so
//! a crash never leaves half a file.

use std::path::Path;

use anyhow::{bail, Context};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use berth_app::views::Role;
use serde::{Deserialize, Serialize};

/// The file's format marker, checked on every read.
const FORMAT: &str = "berth.auth/v1";
/// Printed tokens start with this, so a leaked one is recognisable (and greppable).
const PREFIX: &str = "berth_";
/// Bytes of randomness in a token's secret part (256 bits: no guessing, no dictionary).
const SECRET_BYTES: usize = 32;
/// The largest auth file read: thousands of entries fit; more is a mistake or an attack.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AuthFile {
    pub format: String,
    pub tokens: Vec<TokenEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TokenEntry {
    /// Unique label (`--name`), used by `berth auth remove` and shown on the pages.
    pub name: String,
    pub role: Role,
    /// The public part of the token (8 hex digits), so a check hashes against one entry only.
    pub id: String,
    /// argon2id PHC string of the whole token.
    pub hash: String,
    pub created_at: String,
}

impl Default for AuthFile {
    fn default() -> Self {
        AuthFile {
            format: FORMAT.into(),
            tokens: Vec::new(),
        }
    }
}

/// A token as printed once by `berth auth add`: `berth_<id>_<secret>`.
pub struct NewToken {
    pub token: String,
    pub entry: TokenEntry,
}

impl AuthFile {
    /// Reads `path`; a missing file is an empty one only when `missing_ok`.
    pub fn read(path: &Path, missing_ok: bool) -> anyhow::Result<AuthFile> {
        let metadata = match std::fs::metadata(path) {
            Err(error) if missing_ok && error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(AuthFile::default())
            }
            other => {
                other.with_context(|| format!("cannot read the auth file {}", path.display()))?
            }
        };
        if metadata.len() > MAX_FILE_BYTES {
            bail!(
                "the auth file {} is larger than {} MB",
                path.display(),
                MAX_FILE_BYTES / (1024 * 1024)
            );
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the auth file {}", path.display()))?;
        AuthFile::parse(&text).with_context(|| format!("the auth file {}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<AuthFile> {
        let file: AuthFile =
            serde_json::from_str(text).context("is not a Berth auth file (JSON)")?;
        if file.format != FORMAT {
            bail!("has format {:?}; this Berth reads {FORMAT:?}", file.format);
        }
        for (index, entry) in file.tokens.iter().enumerate() {
            check_name(&entry.name).with_context(|| format!("token {}", index + 1))?;
            PasswordHash::new(&entry.hash)
                .map_err(|_| anyhow::anyhow!("token {:?} has a malformed hash", entry.name))?;
            if file.tokens[..index].iter().any(|e| e.name == entry.name) {
                bail!("the label {:?} appears twice", entry.name);
            }
            if file.tokens[..index].iter().any(|e| e.id == entry.id) {
                bail!("the token id {:?} appears twice", entry.id);
            }
        }
        Ok(file)
    }

    /// Writes the file atomically, readable by its owner only.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut temporary = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot write beside {}", path.display()))?;
        serde_json::to_writer_pretty(&mut temporary, self)?;
        std::io::Write::write_all(&mut temporary, b"\n")?;
        temporary.as_file().sync_all()?;
        // NamedTempFile is created 0600 on Unix already.
        temporary
            .persist(path)
            .with_context(|| format!("cannot write the auth file {}", path.display()))?;
        Ok(())
    }

    /// A new token with `role`; its label is `name` or `token-<id>`.
    pub fn add(&mut self, role: Role, name: Option<&str>, now: &str) -> anyhow::Result<NewToken> {
        let mut id = random_hex(4);
        while self.tokens.iter().any(|e| e.id == id) {
            id = random_hex(4);
        }
        let name = name.map_or_else(|| format!("token-{id}"), str::to_string);
        check_name(&name)?;
        if self.tokens.iter().any(|e| e.name == name) {
            bail!("the label {name:?} is taken; choose another --name or remove it first");
        }
        let token = format!("{PREFIX}{id}_{}", random_hex(SECRET_BYTES));
        let salt = SaltString::encode_b64(&random_bytes::<16>())
            .map_err(|error| anyhow::anyhow!("salt: {error}"))?;
        let hash = Argon2::default()
            .hash_password(token.as_bytes(), &salt)
            .map_err(|error| anyhow::anyhow!("hashing the token: {error}"))?
            .to_string();
        let entry = TokenEntry {
            name,
            role,
            id,
            hash,
            created_at: now.into(),
        };
        self.tokens.push(entry.clone());
        Ok(NewToken { token, entry })
    }

    /// Removes the entry labelled `name`.
    pub fn remove(&mut self, name: &str) -> anyhow::Result<TokenEntry> {
        let Some(index) = self.tokens.iter().position(|e| e.name == name) else {
            bail!("no token is labelled {name:?} (see `berth auth list`)");
        };
        Ok(self.tokens.remove(index))
    }

    /// The entry `token` belongs to, when it is one of this file's (argon2 check, constant time
    /// in the secret).
    pub fn verify(&self, token: &str) -> Option<&TokenEntry> {
        let id = token_id(token)?;
        let entry = self.tokens.iter().find(|e| e.id == id)?;
        verify_entry(entry, token).then_some(entry)
    }
}

/// Whether `token` is the one `entry` holds the hash of.
pub fn verify_entry(entry: &TokenEntry, token: &str) -> bool {
    PasswordHash::new(&entry.hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(token.as_bytes(), &hash)
            .is_ok()
    })
}

/// The id part of a well-formed token, `None` for anything else.
pub fn token_id(token: &str) -> Option<&str> {
    let rest = token.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(id, 8) && hex(secret, SECRET_BYTES * 2)).then_some(id)
}

fn check_name(name: &str) -> anyhow::Result<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) {
        bail!(
            "the label {name:?} must be 1–64 characters of letters, digits, '.', '_', '-' or '@'"
        );
    }
    Ok(())
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0; bytes];
    getrandom::fill(&mut buffer).expect("the operating system's random source");
    hex::encode(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_verifies_and_nothing_else_does() {
        let mut file = AuthFile::default();
        let new = file
            .add(Role::Admin, Some("alice"), "2026-12-02T00:00:00Z")
            .unwrap();
        let viewer = file
            .add(Role::Viewer, None, "2026-12-02T00:00:00Z")
            .unwrap();
        assert!(new.token.starts_with("berth_"));
        assert_eq!(
            file.verify(&new.token).map(|e| e.name.as_str()),
            Some("alice")
        );
        assert_eq!(
            file.verify(&viewer.token).map(|e| e.role),
            Some(Role::Viewer)
        );
        assert_eq!(viewer.entry.name, format!("token-{}", viewer.entry.id));
        // One changed secret digit, the other entry's id with this secret, garbage.
        let mut wrong = new.token.clone();
        let last = wrong.pop().unwrap();
        wrong.push(if last == '0' { '1' } else { '0' });
        assert!(file.verify(&wrong).is_none());
        let swapped = format!("berth_{}_{}", viewer.entry.id, &new.token[15..]);
        assert!(file.verify(&swapped).is_none());
        assert!(file.verify("").is_none());
        assert!(file.verify("berth_zz").is_none());
        // The file holds no token.
        let text = serde_json::to_string(&file).unwrap();
        assert!(!text.contains(&new.token[15..]));
        assert_eq!(AuthFile::parse(&text).unwrap(), file);
    }

    #[test]
    fn labels_are_unique_and_checked_and_removal_names_what_is_missing() {
        let mut file = AuthFile::default();
        file.add(Role::Viewer, Some("bob"), "t").unwrap();
        let taken = file.add(Role::Admin, Some("bob"), "t").err().unwrap();
        assert!(taken.to_string().contains("is taken"), "{taken}");
        let bad = file.add(Role::Admin, Some("a b<"), "t").err().unwrap();
        assert!(bad.to_string().contains("must be 1–64 characters"), "{bad}");
        assert_eq!(file.remove("bob").unwrap().name, "bob");
        let missing = file.remove("bob").err().unwrap();
        assert!(
            missing.to_string().contains("no token is labelled"),
            "{missing}"
        );
    }

    #[test]
    fn malformed_files_are_refused_with_the_reason() {
        let error = |text: &str| format!("{:#}", AuthFile::parse(text).err().unwrap());
        assert!(error("[]").contains("not a Berth auth file"));
        assert!(error(r#"{"format":"other","tokens":[]}"#).contains("has format"));
        assert!(error(
            r#"{"format":"berth.auth/v1","tokens":[{"name":"a","role":"admin","id":"00000000","hash":"x","created_at":""}]}"#
        )
        .contains("malformed hash"));
        assert!(error(
            r#"{"format":"berth.auth/v1","tokens":[{"name":"a","role":"root","id":"00000000","hash":"x","created_at":""}]}"#
        )
        .contains("not a Berth auth file"));
    }
}
