//! Who may do what: tokens from the auth file (see `file`), browser sessions made from them,
//! the CSRF token bound to a session, and a limit on failed sign-ins per client. The web layer's
//! guard (`web::guard`) asks this module; nothing else decides.

pub mod file;

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use berth_app::views::Role;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub use file::{AuthFile, TokenEntry};

/// Failed sign-ins (form or bearer) a client may make per window before it is told to wait.
pub const FAILURES_ALLOWED: usize = 10;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Sessions kept at once; past it the oldest goes (a flood of sign-ins cannot grow memory).
const MAX_SESSIONS: usize = 10_000;
/// Clients whose failures are tracked at once, for the same reason.
const MAX_TRACKED_CLIENTS: usize = 10_000;

/// An identity that passed: the token's label and its role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub role: Role,
    /// The session id when the identity came from the session cookie.
    pub session: Option<String>,
}

pub struct Auth {
    path: PathBuf,
    session_lifetime: Duration,
    /// Per process: signs CSRF tokens. Sessions do not outlive the process either.
    key: [u8; 32],
    tokens: Mutex<Loaded>,
    /// sha256(token ‖ entry hash) of tokens that verified, so argon2 runs once per token and
    /// process rather than on every scripted request.
    verified: Mutex<HashSet<[u8; 32]>>,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

struct Loaded {
    stamp: Option<(SystemTime, u64)>,
    file: AuthFile,
}

#[derive(Clone)]
struct Session {
    token_id: String,
    expires: Instant,
    created: Instant,
}

impl Auth {
    /// Reads the auth file once (an unreadable or malformed file stops the server from
    /// starting); later changes are picked up while it runs.
    pub fn open(path: &Path, session_lifetime: Duration) -> anyhow::Result<Auth> {
        let file = AuthFile::read(path, false)?;
        if file.tokens.is_empty() {
            tracing::warn!(
                "the auth file {} holds no token: nobody can sign in (add one with `berth auth add`)",
                path.display()
            );
        }
        Ok(Auth {
            path: path.to_owned(),
            session_lifetime,
            key: file::random_bytes(),
            tokens: Mutex::new(Loaded {
                stamp: stamp(path),
                file,
            }),
            verified: Mutex::default(),
            sessions: Mutex::default(),
            failures: Mutex::default(),
        })
    }

    pub fn session_lifetime(&self) -> Duration {
        self.session_lifetime
    }

    /// The current tokens: the file is read again when it changed (`berth auth add/remove`
    /// while the server runs). A file that became unreadable or malformed counts as empty —
    /// failing closed — and says so in the log.
    fn with_tokens<T>(&self, then: impl FnOnce(&AuthFile) -> T) -> T {
        let mut loaded = self.tokens.lock().unwrap();
        let now = stamp(&self.path);
        if now != loaded.stamp {
            loaded.file = match AuthFile::read(&self.path, false) {
                Ok(file) => file,
                Err(error) => {
                    tracing::error!("{error:#}: refusing every token until it is fixed");
                    AuthFile::default()
                }
            };
            loaded.stamp = now;
        }
        then(&loaded.file)
    }

    /// The principal a bearer token or the sign-in form's token stands for.
    pub fn check_token(&self, token: &str) -> Option<Principal> {
        let token = token.trim();
        let id = file::token_id(token)?;
        // The entry is copied out, so argon2 runs without holding the lock other checks need.
        let entry = self.with_tokens(|file| file.tokens.iter().find(|e| e.id == id).cloned())?;
        let digest: [u8; 32] = Sha256::new()
            .chain_update(token.as_bytes())
            .chain_update(entry.hash.as_bytes())
            .finalize()
            .into();
        let known = self.verified.lock().unwrap().contains(&digest);
        if !known {
            if !file::verify_entry(&entry, token) {
                return None;
            }
            self.verified.lock().unwrap().insert(digest);
        }
        Some(Principal {
            name: entry.name,
            role: entry.role,
            session: None,
        })
    }

    /// A new session for a token that checked; returns its id (the cookie's value).
    pub fn start_session(&self, token: &str) -> Option<(String, Principal)> {
        let principal = self.check_token(token)?;
        let token_id = file::token_id(token.trim())?.to_string();
        let id = file::random_hex(32);
        let now = Instant::now();
        let mut sessions = self.sessions.lock().unwrap();
        sessions.retain(|_, s| s.expires > now);
        if sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.created)
                .map(|(k, _)| k.clone())
            {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(
            id.clone(),
            Session {
                token_id,
                expires: now + self.session_lifetime,
                created: now,
            },
        );
        Some((
            id.clone(),
            Principal {
                session: Some(id),
                ..principal
            },
        ))
    }

    /// The principal of a live session: its token must still be in the auth file (removing a
    /// token signs its sessions out), with the role the file gives it now.
    pub fn check_session(&self, id: &str) -> Option<Principal> {
        let token_id = {
            let mut sessions = self.sessions.lock().unwrap();
            let session = sessions.get(id)?;
            if session.expires <= Instant::now() {
                sessions.remove(id);
                return None;
            }
            session.token_id.clone()
        };
        self.with_tokens(|file| {
            let entry = file.tokens.iter().find(|e| e.id == token_id)?;
            Some(Principal {
                name: entry.name.clone(),
                role: entry.role,
                session: Some(id.to_string()),
            })
        })
    }

    pub fn end_session(&self, id: &str) {
        self.sessions.lock().unwrap().remove(id);
    }

    /// The CSRF token of a session (or of anonymous use without sign-in): an HMAC under the
    /// process key, so nothing is stored and nobody else can make one.
    pub fn csrf_token(&self, session: Option<&str>) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(b"csrf:");
        mac.update(session.unwrap_or("anonymous").as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// Whether `client` may try a token now; `Err(seconds)` to wait when it failed too often.
    pub fn may_try(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap();
        let Some(times) = failures.get_mut(&client) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < FAILURE_WINDOW);
        if times.len() < FAILURES_ALLOWED {
            return Ok(());
        }
        let oldest = times.first().copied().unwrap_or(now);
        Err((FAILURE_WINDOW - now.duration_since(oldest))
            .as_secs()
            .max(1))
    }

    /// Counts a failed sign-in of `client` (and logs it, without the token).
    pub fn failed(&self, client: IpAddr, how: &str) {
        tracing::warn!(client = %client, "failed sign-in ({how})");
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap();
        if failures.len() >= MAX_TRACKED_CLIENTS && !failures.contains_key(&client) {
            failures.retain(|_, times| {
                times
                    .last()
                    .is_some_and(|t| now.duration_since(*t) < FAILURE_WINDOW)
            });
            if failures.len() >= MAX_TRACKED_CLIENTS {
                failures.clear();
            }
        }
        failures.entry(client).or_default().push(now);
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// Constant-time equality of two short secrets.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth_with(roles: &[(Role, &str)]) -> (tempfile::TempDir, Auth, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auth.json");
        let mut file = AuthFile::default();
        let tokens = roles
            .iter()
            .map(|(role, name)| file.add(*role, Some(name), "t").unwrap().token)
            .collect();
        file.write(&path).unwrap();
        let auth = Auth::open(&path, Duration::from_secs(3600)).unwrap();
        (dir, auth, tokens)
    }

    #[test]
    fn sessions_follow_the_file_and_removed_tokens_sign_out() {
        let (dir, auth, tokens) = auth_with(&[(Role::Admin, "alice"), (Role::Viewer, "bob")]);
        let (session, alice) = auth.start_session(&tokens[0]).unwrap();
        assert_eq!(alice.role, Role::Admin);
        assert_eq!(auth.check_session(&session).unwrap().name, "alice");
        assert!(auth.check_session("nope").is_none());
        assert_eq!(auth.check_token(&tokens[1]).unwrap().role, Role::Viewer);
        // Remove alice while "running": her session and token stop working.
        let path = dir.path().join("auth.json");
        let mut file = AuthFile::read(&path, false).unwrap();
        file.remove("alice").unwrap();
        // The stamp is (mtime, length): the length changes, so the change is seen.
        file.write(&path).unwrap();
        assert!(auth.check_session(&session).is_none());
        assert!(auth.check_token(&tokens[0]).is_none());
        assert_eq!(auth.check_token(&tokens[1]).unwrap().name, "bob");
        auth.end_session(&session);
    }

    #[test]
    fn a_broken_file_refuses_everyone() {
        let (dir, auth, tokens) = auth_with(&[(Role::Admin, "alice")]);
        assert!(auth.check_token(&tokens[0]).is_some());
        std::fs::write(dir.path().join("auth.json"), "{ not json").unwrap();
        assert!(auth.check_token(&tokens[0]).is_none());
    }

    #[test]
    fn sessions_expire() {
        let (_dir, auth, tokens) = auth_with(&[(Role::Admin, "alice")]);
        let auth = Auth {
            session_lifetime: Duration::ZERO,
            ..auth
        };
        let (session, _) = auth.start_session(&tokens[0]).unwrap();
        assert!(auth.check_session(&session).is_none());
    }

    #[test]
    fn failures_are_limited_per_client() {
        let (_dir, auth, _) = auth_with(&[]);
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..FAILURES_ALLOWED {
            assert!(auth.may_try(client).is_ok());
            auth.failed(client, "test");
        }
        let wait = auth.may_try(client).unwrap_err();
        assert!(wait > 0 && wait <= FAILURE_WINDOW.as_secs(), "{wait}");
        assert!(auth.may_try(other).is_ok());
    }

    #[test]
    fn csrf_tokens_are_per_session_and_compared_in_constant_time() {
        let (_dir, auth, _) = auth_with(&[]);
        let a = auth.csrf_token(Some("a"));
        assert_eq!(a, auth.csrf_token(Some("a")));
        assert_ne!(a, auth.csrf_token(Some("b")));
        assert_ne!(a, auth.csrf_token(None));
        assert!(same_secret(&a, &auth.csrf_token(Some("a"))));
        assert!(!same_secret(&a, &a[..10]));
    }
}
