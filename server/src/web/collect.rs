//! Collections started from the dashboard: the same collector as `berth collect`, run in the
//! background, one at a time, its progress kept as a [`CollectStatus`] that server-sent events
//! stream to the page; the result is stored as a new snapshot in one transaction.
//!
//! Routes: `POST /api/collect` (JSON) and `POST /snapshots/collect` (the page's form) start one,
//! `GET /api/collect` tells the status, `GET /api/collect/events` streams it.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::{Extension, Form};
use berth_app::views::snapshots::{CollectState, CollectStatus, PhaseProgress};
use berth_app::views::{Role, SessionView};
use berth_collect::{CollectConfig, Event, Progress};
use berth_engine::time::format_rfc3339;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::watch;

use super::snapshots::{error_json, page_with};
use super::AppState;
use crate::collect_rules::{check_days, check_region, endpoint_url, unix_now, window_end};
use crate::store::Store;

/// How many warnings the status carries (all are in the stored snapshot).
const WARNINGS_SHOWN: usize = 50;

/// The dashboard's collection: at most one runs; its status is watched by the event streams.
pub struct Collector {
    status: watch::Sender<CollectStatus>,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            status: watch::Sender::new(CollectStatus::idle()),
        }
    }
}

/// What a collection is asked: the page's form and the JSON route's body.
#[derive(Debug, Deserialize)]
pub struct CollectRequest {
    /// Regions, e.g. `["us-east-1"]`; empty = the profile's / AWS_REGION.
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default = "default_days")]
    pub days: u32,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    /// End of the window, a whole hour in RFC 3339 UTC; default the last whole hour.
    pub end: Option<String>,
}

fn default_days() -> u32 {
    14
}

/// The page's form: regions typed as one text field, separated by commas or spaces.
#[derive(Debug, Deserialize)]
pub struct CollectForm {
    #[serde(default)]
    pub regions: String,
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub profile: String,
    #[serde(default)]
    pub endpoint_url: String,
}

impl CollectForm {
    fn request(self) -> Result<CollectRequest, String> {
        let non_empty = |text: String| {
            let text = text.trim().to_string();
            (!text.is_empty()).then_some(text)
        };
        let days = match self.days.trim() {
            "" => default_days(),
            text => text
                .parse()
                .map_err(|_| format!("days must be a whole number, got {text:?}"))?,
        };
        Ok(CollectRequest {
            regions: self
                .regions
                .split([',', ' '])
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
            days,
            profile: non_empty(self.profile),
            endpoint_url: non_empty(self.endpoint_url),
            end: None,
        })
    }
}

/// Validates a request into the collector's settings (the rules of `berth collect`).
fn config(request: &CollectRequest, clock_now: i64) -> Result<CollectConfig, String> {
    check_days("days", request.days)?;
    let now = window_end("end", request.end.as_deref(), clock_now)?;
    for region in &request.regions {
        check_region(region)?;
    }
    let endpoint_url = match &request.endpoint_url {
        Some(url) => Some(endpoint_url("the endpoint URL", url)?),
        None => None,
    };
    Ok(CollectConfig {
        profile: request.profile.clone(),
        regions: request.regions.clone(),
        days: request.days,
        endpoint_url,
        ..CollectConfig::new(now)
    })
}

#[derive(Debug)]
pub enum StartError {
    Invalid(String),
    Busy(String),
}

impl Collector {
    pub fn status(&self) -> CollectStatus {
        self.status.borrow().clone()
    }

    /// Starts a collection in the background, unless one is running.
    pub fn start(
        self: &Arc<Self>,
        request: &CollectRequest,
        store: Store,
    ) -> Result<(), StartError> {
        let now = unix_now();
        let config = config(request, now).map_err(StartError::Invalid)?;
        let running = CollectStatus {
            state: CollectState::Running,
            started_at: Some(format_rfc3339(now)),
            regions: config.regions.clone(),
            days: config.days,
            ..CollectStatus::idle()
        };
        // Check and claim in one step under the channel's lock: two starts cannot both win.
        let mut busy_since = None;
        self.status.send_if_modified(|status| {
            if status.state == CollectState::Running {
                busy_since = status.started_at.clone();
                return false;
            }
            *status = running;
            true
        });
        if let Some(since) = busy_since {
            return Err(StartError::Busy(format!(
                "a collection is already running (started {since}); wait for it to finish, its progress is on the snapshots page"
            )));
        }
        let collector = self.clone();
        tokio::spawn(async move { collector.run(config, store).await });
        Ok(())
    }

    async fn run(self: Arc<Self>, config: CollectConfig, store: Store) {
        let progress = WebProgress {
            status: self.status.clone(),
        };
        let started = std::time::Instant::now();
        let outcome = berth_collect::collect(&config, &progress).await;
        let stored = match outcome {
            Err(error) => Err(format!("{error:#}")),
            Ok((mut snapshot, _stats)) => {
                snapshot.collected_at = format_rfc3339(unix_now());
                let functions = snapshot.functions.len();
                match tokio::task::spawn_blocking(move || store.insert_snapshot(&snapshot)).await {
                    Ok(Ok(id)) => Ok((id, functions)),
                    Ok(Err(error)) => {
                        tracing::error!("collect: storing the snapshot: {error}");
                        Err("the snapshot could not be stored; see the server log".into())
                    }
                    Err(error) => {
                        tracing::error!("collect: storing the snapshot: {error}");
                        Err("the snapshot could not be stored; see the server log".into())
                    }
                }
            }
        };
        let outcome = if stored.is_ok() { "done" } else { "failed" };
        metrics::counter!("berth_collections_total", "outcome" => outcome).increment(1);
        metrics::histogram!("berth_collection_duration_seconds", "outcome" => outcome)
            .record(started.elapsed().as_secs_f64());
        self.status.send_modify(|status| match stored {
            Ok((id, functions)) => {
                status.state = CollectState::Done;
                status.snapshot_id = Some(id);
                status.functions = Some(functions);
            }
            Err(error) => {
                status.state = CollectState::Failed;
                status.error = Some(error);
            }
        });
    }

    /// The status now, then on every change, until the collection is over.
    fn events(&self, role: Role) -> impl Stream<Item = Result<SseEvent, Infallible>> + use<> {
        let receiver = self.status.subscribe();
        stream::unfold(Some((receiver, true)), move |state| async move {
            let (mut receiver, first) = state?;
            if !first && receiver.changed().await.is_err() {
                return None;
            }
            let status = receiver.borrow_and_update().clone().as_seen_by(role);
            let next = (status.state == CollectState::Running).then_some((receiver, false));
            let event = SseEvent::default()
                .event(state_name(status.state))
                .json_data(&status)
                .expect("a status always serializes");
            Some((Ok(event), next))
        })
    }
}

fn state_name(state: CollectState) -> &'static str {
    match state {
        CollectState::Idle => "idle",
        CollectState::Running => "running",
        CollectState::Done => "done",
        CollectState::Failed => "failed",
    }
}

/// Turns the collector's events into status updates.
struct WebProgress {
    status: watch::Sender<CollectStatus>,
}

impl Progress for WebProgress {
    fn event(&self, event: Event) {
        self.status.send_modify(|status| {
            let phase_entry = |status: &mut CollectStatus, label: &str| -> usize {
                match status.phases.iter().position(|p| p.phase == label) {
                    Some(index) => index,
                    None => {
                        status.phases.push(PhaseProgress {
                            phase: label.to_string(),
                            done: 0,
                            total: 0,
                            finished: false,
                        });
                        status.phases.len() - 1
                    }
                }
            };
            match event {
                Event::PhaseStarted { phase, total } => {
                    let index = phase_entry(status, phase.label());
                    status.phases[index].total = total;
                }
                Event::Found { phase, more } => {
                    let index = phase_entry(status, phase.label());
                    status.phases[index].total += more;
                }
                Event::Advanced { phase, by } => {
                    let index = phase_entry(status, phase.label());
                    status.phases[index].done += by;
                }
                Event::PhaseFinished { phase } => {
                    let index = phase_entry(status, phase.label());
                    status.phases[index].finished = true;
                }
                Event::Planned { region, plan } => {
                    status
                        .plans
                        .push(berth_collect::plan::describe_plan(&region, &plan));
                }
                Event::Warning(warning) => {
                    status.warning_count += 1;
                    if status.warnings.len() < WARNINGS_SHOWN {
                        status
                            .warnings
                            .push(format!("{}: {}", warning.scope, warning.message));
                    }
                }
            }
        });
    }
}

/// `GET /api/collect`: the status of the current (or last) collection.
pub async fn status(
    State(state): State<AppState>,
    session: Option<Extension<SessionView>>,
) -> Json<CollectStatus> {
    Json(state.backend.collector.status().as_seen_by(role(session)))
}

/// The request's role (viewer when the guard said nothing).
fn role(session: Option<Extension<SessionView>>) -> Role {
    session.map_or(Role::Viewer, |Extension(s)| s.role)
}

/// `GET /api/collect/events`: server-sent events, one per change (`running`, then `done` or
/// `failed`; `idle` when nothing ever ran), each carrying the whole status as JSON.
pub async fn events(
    State(state): State<AppState>,
    session: Option<Extension<SessionView>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    Sse::new(state.backend.collector.events(role(session))).keep_alive(KeepAlive::default())
}

/// `POST /api/collect` with a JSON [`CollectRequest`]: 202 and the status, 400 for a bad request,
/// 409 while another collection runs.
pub async fn start_json(
    State(state): State<AppState>,
    Json(request): Json<CollectRequest>,
) -> Response {
    let collector = &state.backend.collector;
    match collector.start(&request, state.backend.store.clone()) {
        Ok(()) => (StatusCode::ACCEPTED, Json(collector.status())).into_response(),
        Err(StartError::Invalid(message)) => error_json(StatusCode::BAD_REQUEST, message),
        Err(StartError::Busy(message)) => error_json(StatusCode::CONFLICT, message),
    }
}

/// `POST /snapshots/collect` from the page's form: back to the page, which shows the progress.
pub async fn start_form(State(state): State<AppState>, Form(form): Form<CollectForm>) -> Redirect {
    let started = form.request().and_then(|request| {
        state
            .backend
            .collector
            .start(&request, state.backend.store.clone())
            .map_err(|error| match error {
                StartError::Invalid(message) | StartError::Busy(message) => message,
            })
    });
    match started {
        Ok(()) => page_with("collect", "started"),
        Err(message) => page_with("error", &message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(form: &[(&str, &str)], expected: Result<(&[&str], u32, Option<&str>), &str>) {
        let field = |name: &str| {
            form.iter()
                .find(|(key, _)| *key == name)
                .map_or(String::new(), |(_, value)| value.to_string())
        };
        let form = CollectForm {
            regions: field("regions"),
            days: field("days"),
            profile: field("profile"),
            endpoint_url: field("endpoint_url"),
        };
        // 2026-11-04T00:20:00Z on the clock.
        let result = form
            .request()
            .and_then(|request| config(&request, 1_793_751_600))
            .map(|c| (c.regions, c.days, c.endpoint_url, c.now));
        match (result, expected) {
            (Ok((regions, days, endpoint, now)), Ok((want_regions, want_days, want_endpoint))) => {
                assert_eq!(regions, want_regions);
                assert_eq!(days, want_days);
                assert_eq!(endpoint.as_deref(), want_endpoint);
                assert_eq!(now, 1_793_750_400, "the last whole hour");
            }
            (Err(error), Err(expected)) => assert!(error.contains(expected), "{error}"),
            (found, expected) => panic!("{found:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn the_form_becomes_a_config() {
        check(&[], Ok((&[], 14, None)));
        check(
            &[
                ("regions", "us-east-1, eu-west-1"),
                ("days", "2"),
                ("endpoint_url", " "),
            ],
            Ok((&["us-east-1", "eu-west-1"], 2, None)),
        );
        check(
            &[("endpoint_url", "http://127.0.0.1:5000")],
            Ok((&[], 14, Some("http://127.0.0.1:5000"))),
        );
        check(&[("days", "0")], Err("days must be between 1 and 455"));
        check(&[("days", "two")], Err("days must be a whole number"));
        check(
            &[("regions", "us_east;1")],
            Err("is not an AWS region name"),
        );
        check(
            &[("endpoint_url", "localhost:5000")],
            Err("must start with http://"),
        );
        check(
            &[("endpoint_url", "http://[::1]:5000/")],
            Ok((&[], 14, Some("http://[::1]:5000"))),
        );
        check(
            &[("endpoint_url", "http://localhost")],
            Ok((&[], 14, Some("http://localhost"))),
        );
        check(
            &[("endpoint_url", "https://attacker.example:443")],
            Err("AWS calls go only to AWS"),
        );
        check(
            &[("endpoint_url", "http://127.0.0.1:5000@attacker.example/")],
            Err("must not carry a user name or password"),
        );
        check(
            &[("endpoint_url", "http://127.0.0.1.attacker.example/")],
            Err("is not allowed"),
        );
    }
}
