//! The demo fleet: a deterministic, realistic snapshot for a first run without an AWS account.
//!
//! Same config → byte-identical snapshot. Each function follows one archetype with the traffic
//! shape reviewers meet in real fleets; a heavy-tailed volume draw makes a handful of functions
//! carry most of the bill, as in most accounts.

use std::collections::BTreeMap;

use crate::snapshot::{
    Architecture, Function, Hourly, Invoker, PackageType, RegionLimits, Series, Snapshot, Source,
    SourceKind, Window, FORMAT_V1, PERIOD_SECONDS,
};
use crate::time;

/// The window always starts on a Monday, so weekday shapes line up the same for every seed.
pub const DEMO_START: &str = "2026-10-05T00:00:00Z";

#[derive(Clone, Debug, PartialEq)]
pub struct DemoConfig {
    pub functions: usize,
    pub days: u32,
    pub seed: u64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            functions: 64,
            days: 30,
            seed: 42,
        }
    }
}

/// The traffic and configuration family a demo function belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Archetype {
    /// High-volume API with flat traffic around the clock.
    SteadyApi,
    /// API following office hours: busy days, quiet nights and weekends.
    DiurnalApi,
    /// Event handler idle most hours, with sudden bursts.
    SpikyEvent,
    /// Scheduled job running once a night.
    NightlyCron,
    /// Batch ETL running close to its 15-minute timeout.
    LongEtl,
    /// Model inference with a multi-second INIT phase.
    HeavyInitInference,
    /// Image/PDF rendering with a near-maximum memory size.
    BigMemoryWorker,
    /// Queue consumer with moderate, daytime-leaning traffic.
    QueueWorker,
    /// A busy storefront API behind a load balancer with two flash sales a day: steady
    /// traffic, then hours at three times the rate whose first minutes bring eight times the
    /// hour's mean concurrency. Containers sized for those minutes cost more than Lambda; the
    /// steady part alone is cheaper in containers: the hybrid case.
    FlashSaleApi,
}

impl Archetype {
    /// The tag value every demo function carries under the `archetype` key.
    pub fn tag(self) -> &'static str {
        match self {
            Archetype::SteadyApi => "steady-api",
            Archetype::DiurnalApi => "diurnal-api",
            Archetype::SpikyEvent => "spiky-event",
            Archetype::NightlyCron => "nightly-cron",
            Archetype::LongEtl => "long-etl",
            Archetype::HeavyInitInference => "heavy-init-inference",
            Archetype::BigMemoryWorker => "big-memory-worker",
            Archetype::QueueWorker => "queue-worker",
            Archetype::FlashSaleApi => "flash-sale-api",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Archetype> {
        ARCHETYPE_SHARES
            .iter()
            .map(|(archetype, _)| *archetype)
            .chain([Archetype::FlashSaleApi])
            .find(|archetype| archetype.tag() == tag)
    }
}

/// Every 64th function (the 64th, the 128th, …) is a flash-sale API, in place of the one the
/// shares would put there, so adding it changed no other function of the fleet.
const FLASH_SALE_EVERY: usize = 64;

/// Local hours (start of the hour) of the flash sales.
const FLASH_SALE_HOURS: [f64; 2] = [12.0, 20.0];

/// How the fleet splits between archetypes (shares of 64). Every archetype gets at least one.
const ARCHETYPE_SHARES: [(Archetype, usize); 8] = [
    (Archetype::SteadyApi, 8),
    (Archetype::DiurnalApi, 16),
    (Archetype::SpikyEvent, 12),
    (Archetype::NightlyCron, 8),
    (Archetype::LongEtl, 2),
    (Archetype::HeavyInitInference, 2),
    (Archetype::BigMemoryWorker, 2),
    (Archetype::QueueWorker, 14),
];

const REGIONS: [(&str, u32, i64); 3] = [
    // region, concurrency quota, UTC offset of its users in hours (drives the diurnal shape)
    ("us-east-1", 3000, -5),
    ("eu-west-1", 1000, 0),
    ("ap-southeast-1", 1000, 8),
];

const DOMAINS: [&str; 16] = [
    "orders",
    "checkout",
    "catalog",
    "search",
    "auth",
    "payments",
    "inventory",
    "shipping",
    "pricing",
    "accounts",
    "reviews",
    "notify",
    "media",
    "billing",
    "reports",
    "profile",
];

/// Generates the demo snapshot for `config`.
pub fn generate(config: &DemoConfig) -> Snapshot {
    let hours = config.days as usize * 24;
    let start = time::parse_rfc3339(DEMO_START).expect("DEMO_START is a valid timestamp");
    let archetypes = assign_archetypes(config.functions);
    let mut functions: Vec<Function> = archetypes
        .iter()
        .enumerate()
        .map(|(index, archetype)| {
            let mut rng =
                Rng::new(config.seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            make_function(index, *archetype, hours, start, &mut rng)
        })
        .collect();
    // Inference sits behind an API: the nearest API function before it in its region calls it
    // and waits (its resource policy lets that function invoke it). Drawn from no random number,
    // so every other figure of the fleet stays what it was.
    for index in 0..functions.len() {
        if archetypes[index] != Archetype::HeavyInitInference {
            continue;
        }
        let caller = (0..index).rev().find(|&other| {
            matches!(
                archetypes[other],
                Archetype::SteadyApi | Archetype::DiurnalApi
            ) && functions[other].region == functions[index].region
        });
        if let Some(caller) = caller {
            let arn = functions[caller].arn.clone();
            functions[index].function_callers.push(arn);
        }
    }
    Snapshot {
        format: FORMAT_V1.to_string(),
        source: Source {
            kind: SourceKind::Demo,
            label: format!(
                "demo fleet ({} functions, {} days, seed {})",
                config.functions, config.days, config.seed
            ),
            account_id: Some("123456789012".to_string()),
        },
        collected_at: time::format_rfc3339(start + hours as i64 * 3600),
        window: Window {
            start: DEMO_START.to_string(),
            hours: hours as u32,
            period_seconds: PERIOD_SECONDS,
        },
        regions: REGIONS
            .iter()
            .map(|(region, limit, _)| RegionLimits {
                region: region.to_string(),
                concurrency_limit: Some(*limit),
            })
            .collect(),
        functions,
        billed: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Spreads `count` functions over the archetypes in proportion to their shares, at least one
/// each (when there is room), interleaved so any prefix of the fleet is mixed.
fn assign_archetypes(count: usize) -> Vec<Archetype> {
    let total_share: usize = ARCHETYPE_SHARES.iter().map(|(_, share)| share).sum();
    let mut counts: Vec<usize> = ARCHETYPE_SHARES
        .iter()
        .map(|(_, share)| (count * share / total_share).max(usize::from(count >= 8)))
        .collect();
    // Hand out (or take back) the rounding remainder from the largest shares.
    while counts.iter().sum::<usize>() < count {
        let largest = (0..counts.len())
            .max_by_key(|i| ARCHETYPE_SHARES[*i].1 * 1000 / (counts[*i] + 1))
            .unwrap();
        counts[largest] += 1;
    }
    while counts.iter().sum::<usize>() > count {
        let largest = (0..counts.len()).max_by_key(|i| counts[*i]).unwrap();
        counts[largest] -= 1;
    }
    let mut out = Vec::with_capacity(count);
    let mut taken = vec![0; counts.len()];
    while out.len() < count {
        for (i, (archetype, _)) in ARCHETYPE_SHARES.iter().enumerate() {
            if taken[i] < counts[i] {
                taken[i] += 1;
                out.push(*archetype);
            }
        }
    }
    for slot in out
        .iter_mut()
        .skip(FLASH_SALE_EVERY - 1)
        .step_by(FLASH_SALE_EVERY)
    {
        *slot = Archetype::FlashSaleApi;
    }
    out
}

/// Per-function parameters drawn once, then used for every hour.
struct Profile {
    /// Mean invocations per second at full activity.
    rate_per_second: f64,
    duration_ms: f64,
    /// p99 / average duration.
    tail: f64,
    error_rate: f64,
    /// Average INIT duration of a cold start, ms.
    init_ms: f64,
    /// Share of memory the function actually uses at its peak.
    memory_use: f64,
    /// Hour of day (UTC) of scheduled runs.
    schedule_hour: usize,
    utc_offset: i64,
}

fn make_function(
    index: usize,
    archetype: Archetype,
    hours: usize,
    start: i64,
    rng: &mut Rng,
) -> Function {
    let (region, _, utc_offset) = REGIONS[if index % 5 == 3 {
        1
    } else if index % 11 == 7 {
        2
    } else {
        0
    }];
    // The storefront serves the home region's shoppers, whatever its position in the fleet.
    let (region, utc_offset) = if archetype == Archetype::FlashSaleApi {
        (REGIONS[0].0, REGIONS[0].2)
    } else {
        (region, utc_offset)
    };
    let domain = if archetype == Archetype::FlashSaleApi {
        "checkout"
    } else {
        DOMAINS[index % DOMAINS.len()]
    };
    // Heavy-tailed volume (Pareto, alpha 1.1): a few functions carry most of the traffic.
    let volume = (1.0 - rng.uniform()).powf(-1.0 / 1.1).min(200.0);
    let (name_suffix, runtime, memory_mb, timeout_s, invoker, profile) = match archetype {
        Archetype::SteadyApi => (
            "api",
            "nodejs22.x",
            pick(rng, &[512, 1024, 1536]),
            29,
            *pick_ref(
                rng,
                &[
                    Invoker::ApiGatewayHttp,
                    Invoker::ApiGatewayRest,
                    Invoker::Alb,
                ],
            ),
            Profile {
                rate_per_second: 4.0 * volume,
                duration_ms: rng.between(40.0, 180.0),
                tail: rng.between(2.0, 3.5),
                error_rate: rng.between(0.0005, 0.005),
                init_ms: rng.between(180.0, 450.0),
                memory_use: rng.between(0.3, 0.6),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::DiurnalApi => (
            "web",
            *pick_ref(rng, &["python3.12", "nodejs22.x", "java21"]),
            pick(rng, &[256, 512, 1024]),
            30,
            *pick_ref(
                rng,
                &[
                    Invoker::ApiGatewayHttp,
                    Invoker::ApiGatewayRest,
                    Invoker::FunctionUrl,
                ],
            ),
            Profile {
                rate_per_second: 1.5 * volume,
                duration_ms: rng.between(60.0, 400.0),
                tail: rng.between(2.0, 4.0),
                error_rate: rng.between(0.001, 0.01),
                init_ms: rng.between(250.0, 900.0),
                memory_use: rng.between(0.35, 0.7),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::SpikyEvent => (
            "events",
            *pick_ref(rng, &["python3.12", "nodejs20.x"]),
            pick(rng, &[128, 256, 512]),
            60,
            *pick_ref(
                rng,
                &[
                    Invoker::Sqs,
                    Invoker::Sns,
                    Invoker::Eventbridge,
                    Invoker::S3,
                ],
            ),
            Profile {
                rate_per_second: 0.3 * volume,
                duration_ms: rng.between(30.0, 800.0),
                tail: rng.between(2.0, 5.0),
                // Event handlers meet malformed payloads: a few fail often.
                error_rate: rng.between(0.001, 0.07),
                init_ms: rng.between(200.0, 600.0),
                memory_use: rng.between(0.3, 0.8),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::NightlyCron => (
            "nightly",
            *pick_ref(rng, &["python3.12", "provided.al2023"]),
            pick(rng, &[256, 512, 1024]),
            300,
            Invoker::Schedule,
            Profile {
                rate_per_second: 0.0,
                duration_ms: rng.between(2_000.0, 60_000.0),
                tail: rng.between(1.2, 1.8),
                error_rate: rng.between(0.0, 0.02),
                init_ms: rng.between(150.0, 500.0),
                memory_use: rng.between(0.4, 0.8),
                schedule_hour: 1 + rng.below(4),
                utc_offset,
            },
        ),
        Archetype::LongEtl => (
            "etl",
            "python3.12",
            pick(rng, &[3008, 4096]),
            900,
            Invoker::Schedule,
            Profile {
                rate_per_second: 0.0,
                duration_ms: rng.between(690_000.0, 760_000.0),
                tail: 1.15,
                error_rate: rng.between(0.01, 0.04),
                init_ms: rng.between(400.0, 900.0),
                memory_use: rng.between(0.6, 0.9),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::HeavyInitInference => (
            "inference",
            "python3.12",
            pick(rng, &[3008, 6144]),
            60,
            Invoker::ApiGatewayRest,
            Profile {
                rate_per_second: rng.between(0.5, 3.0),
                duration_ms: rng.between(350.0, 1_200.0),
                tail: rng.between(2.0, 3.0),
                error_rate: rng.between(0.001, 0.006),
                init_ms: rng.between(6_500.0, 11_000.0),
                memory_use: rng.between(0.7, 0.9),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::BigMemoryWorker => (
            "render",
            "nodejs20.x",
            pick(rng, &[8192, 10240]),
            300,
            *pick_ref(rng, &[Invoker::Sqs, Invoker::S3]),
            Profile {
                rate_per_second: rng.between(0.2, 1.0),
                duration_ms: rng.between(8_000.0, 25_000.0),
                tail: rng.between(1.5, 2.5),
                error_rate: rng.between(0.002, 0.01),
                init_ms: rng.between(600.0, 1_500.0),
                memory_use: rng.between(0.65, 0.92),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::QueueWorker => (
            "worker",
            *pick_ref(rng, &["python3.13", "nodejs20.x", "provided.al2023"]),
            pick(rng, &[256, 512, 1024, 2048]),
            120,
            *pick_ref(rng, &[Invoker::Sqs, Invoker::Kinesis, Invoker::Dynamodb]),
            Profile {
                rate_per_second: 0.8 * volume,
                duration_ms: rng.between(80.0, 2_500.0),
                tail: rng.between(2.0, 4.0),
                error_rate: rng.between(0.001, 0.01),
                init_ms: rng.between(200.0, 800.0),
                memory_use: rng.between(0.3, 0.75),
                schedule_hour: 0,
                utc_offset,
            },
        ),
        Archetype::FlashSaleApi => (
            "flash",
            "nodejs22.x",
            2048,
            29,
            Invoker::Alb,
            Profile {
                // The storefront is the fleet's busiest API: a fixed rate, not the volume draw.
                rate_per_second: rng.between(380.0, 420.0),
                duration_ms: rng.between(95.0, 110.0),
                tail: rng.between(2.0, 3.0),
                error_rate: rng.between(0.0005, 0.002),
                init_ms: rng.between(250.0, 400.0),
                // Already right-sized and on arm64: nothing to tune on Lambda.
                memory_use: rng.between(0.8, 0.88),
                schedule_hour: 0,
                utc_offset,
            },
        ),
    };
    let name = format!("{domain}-{name_suffix}-{index:03}");
    let architecture = if archetype == Archetype::FlashSaleApi || rng.uniform() < 0.3 {
        Architecture::Arm64
    } else {
        Architecture::X86_64
    };
    let package_type = if archetype == Archetype::HeavyInitInference {
        PackageType::Image
    } else {
        PackageType::Zip
    };
    let mut tags = BTreeMap::from([
        ("archetype".to_string(), archetype.tag().to_string()),
        ("team".to_string(), format!("team-{}", DOMAINS[index % 7])),
    ]);
    if archetype == Archetype::HeavyInitInference && index.is_multiple_of(2) {
        tags.insert("gpu".to_string(), "required".to_string());
    }
    let series = make_series(archetype, &profile, memory_mb, timeout_s, hours, start, rng);
    Function {
        arn: format!("arn:aws:lambda:{region}:123456789012:function:{name}"),
        name,
        region: region.to_string(),
        runtime: Some(runtime.to_string()),
        architecture,
        memory_mb,
        timeout_s,
        // Renderers keep their working files in /tmp; ETL jobs stage each run's data there.
        ephemeral_storage_mb: match archetype {
            Archetype::BigMemoryWorker => 4096,
            Archetype::LongEtl => 10_240,
            _ => 512,
        },
        package_type,
        // Half the ETL jobs and workers, and a quarter of the web APIs, reach a database in a VPC.
        vpc: matches!(archetype, Archetype::LongEtl | Archetype::QueueWorker)
            && index.is_multiple_of(2)
            || archetype == Archetype::DiurnalApi && index.is_multiple_of(4),
        reserved_concurrency: (archetype == Archetype::SpikyEvent && index.is_multiple_of(3))
            .then_some(50),
        provisioned_concurrency: (archetype == Archetype::SteadyApi && index.is_multiple_of(4))
            .then_some(10),
        tags,
        invoker: Some(invoker),
        function_callers: Vec::new(),
        series,
    }
}

/// Invocations expected in one hour of the window, before noise.
fn expected_invocations(
    archetype: Archetype,
    profile: &Profile,
    hour: usize,
    start: i64,
    rng: &mut Rng,
) -> f64 {
    let unix = start + hour as i64 * 3600;
    let local = unix + profile.utc_offset * 3600;
    let local_hour = (local.rem_euclid(86_400) / 3600) as f64;
    let weekend = time::weekday(local) >= 5;
    let hour_of_day = hour % 24;
    match archetype {
        Archetype::SteadyApi => {
            let wave = 1.0 + 0.08 * (std::f64::consts::TAU * (local_hour - 14.0) / 24.0).cos();
            profile.rate_per_second * 3600.0 * wave
        }
        Archetype::DiurnalApi | Archetype::QueueWorker => {
            // Office-hours bell peaking at 14:00 local, a small night floor, quieter weekends.
            let day = (-(local_hour - 14.0).powi(2) / (2.0 * 3.5f64.powi(2))).exp();
            let floor = if archetype == Archetype::DiurnalApi {
                0.04
            } else {
                0.15
            };
            let weekly = if weekend { 0.35 } else { 1.0 };
            profile.rate_per_second * 3600.0 * (floor + day) * weekly
        }
        Archetype::SpikyEvent => {
            let roll = rng.uniform();
            if roll < 0.03 {
                profile.rate_per_second * 3600.0 * rng.between(20.0, 80.0)
            } else if roll < 0.35 {
                profile.rate_per_second * 3600.0 * rng.between(0.05, 0.5)
            } else {
                0.0
            }
        }
        Archetype::NightlyCron => {
            if hour_of_day == profile.schedule_hour {
                1.0
            } else {
                0.0
            }
        }
        Archetype::LongEtl => {
            // Four runs a day, every six hours.
            if hour_of_day.is_multiple_of(6) {
                1.0
            } else {
                0.0
            }
        }
        Archetype::HeavyInitInference | Archetype::BigMemoryWorker => {
            let day = (-(local_hour - 13.0).powi(2) / (2.0 * 5.0f64.powi(2))).exp();
            profile.rate_per_second * 3600.0 * (0.25 + 0.75 * day)
        }
        Archetype::FlashSaleApi => {
            let sale = if flash_sale_hour(local_hour) {
                3.0
            } else {
                1.0
            };
            profile.rate_per_second * 3600.0 * sale
        }
    }
}

fn flash_sale_hour(local_hour: f64) -> bool {
    FLASH_SALE_HOURS.contains(&local_hour)
}

#[allow(clippy::too_many_arguments)]
fn make_series(
    archetype: Archetype,
    profile: &Profile,
    memory_mb: u32,
    timeout_s: u32,
    hours: usize,
    start: i64,
    rng: &mut Rng,
) -> Series {
    let timeout_ms = timeout_s as f64 * 1000.0;
    let local_hour = |hour: usize| {
        ((start + (hour as i64 + profile.utc_offset) * 3600).rem_euclid(86_400) / 3600) as f64
    };
    let columns = 10;
    let mut rows: Vec<[Option<f64>; 10]> = Vec::with_capacity(hours);
    // One function in the window has a six-hour gap in its metrics, as collections do.
    let gap = (rng.uniform() < 0.08).then(|| rng.below(hours.saturating_sub(6).max(1)));
    for hour in 0..hours {
        let expected = expected_invocations(archetype, profile, hour, start, rng);
        if gap.is_some_and(|g| (g..g + 6).contains(&hour)) {
            rows.push([None; 10]);
            continue;
        }
        let invocations = if expected <= 0.0 {
            0.0
        } else if expected < 30.0 {
            // Small counts: keep them whole and mostly as planned (scheduled runs are exact).
            expected.round()
        } else {
            (expected + expected.sqrt() * rng.gaussian())
                .max(0.0)
                .round()
        };
        if invocations == 0.0 {
            // No invocations: CloudWatch has no duration or concurrency for the hour.
            rows.push([
                Some(0.0),
                Some(0.0),
                Some(0.0),
                None,
                None,
                None,
                None,
                Some(0.0),
                None,
                None,
            ]);
            continue;
        }
        let duration_avg =
            (profile.duration_ms * (1.0 + 0.06 * rng.gaussian())).clamp(1.0, timeout_ms);
        let duration_p99 = (duration_avg * profile.tail).min(timeout_ms * 0.99);
        let duration_max = (duration_p99 * rng.between(1.05, 1.3)).min(timeout_ms);
        // Little's law for the hour's mean, then a burst factor for its peak minute.
        let mean_concurrency = invocations * duration_avg / 1000.0 / 3600.0;
        let burst = if archetype == Archetype::SpikyEvent {
            rng.between(3.0, 8.0)
        } else if archetype == Archetype::FlashSaleApi {
            if flash_sale_hour(local_hour(hour)) {
                rng.between(7.5, 8.5)
            } else {
                rng.between(1.4, 1.6)
            }
        } else {
            rng.between(1.3, 2.2)
        };
        let concurrency_max = (mean_concurrency * burst).ceil().max(1.0);
        let errors = (invocations * profile.error_rate).round();
        let throttles = if archetype == Archetype::SpikyEvent && concurrency_max > 50.0 {
            (invocations * 0.01).round()
        } else {
            0.0
        };
        // New environments: the busy peak's growth plus recycling of idle ones, never more
        // than the invocations themselves. Rare traffic means a cold start almost every time.
        let cold_starts = (concurrency_max * rng.between(0.2, 0.6) + 1.0)
            .round()
            .min(invocations);
        let init = profile.init_ms * (1.0 + 0.05 * rng.gaussian());
        let memory_used = (memory_mb as f64 * profile.memory_use * rng.between(0.9, 1.05))
            .min(memory_mb as f64)
            .round();
        rows.push([
            Some(invocations),
            Some(errors),
            Some(throttles),
            Some(round2(duration_avg)),
            Some(round2(duration_p99)),
            Some(round2(duration_max)),
            Some(concurrency_max),
            Some(cold_starts),
            Some(round2(init)),
            Some(memory_used),
        ]);
    }
    debug_assert_eq!(rows.first().map_or(columns, |r| r.len()), columns);
    let column = |i: usize| Hourly::from_options(rows.iter().map(|row| row[i]));
    Series {
        invocations: column(0),
        errors: column(1),
        throttles: column(2),
        duration_avg_ms: column(3),
        duration_p99_ms: column(4),
        duration_max_ms: column(5),
        concurrency_max: column(6),
        cold_starts: Some(column(7)),
        init_duration_ms: Some(column(8)),
        max_memory_used_mb: Some(column(9)),
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn pick(rng: &mut Rng, options: &[u32]) -> u32 {
    options[rng.below(options.len())]
}

fn pick_ref<'a, T>(rng: &mut Rng, options: &'a [T]) -> &'a T {
    &options[rng.below(options.len())]
}

/// SplitMix64: tiny, fast and fully determined by its seed on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.uniform() * n as f64) as usize % n.max(1)
    }

    /// Standard normal (Box–Muller).
    fn gaussian(&mut self) -> f64 {
        let u1 = self.uniform().max(f64::MIN_POSITIVE);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

#[cfg(test)]
mod tests;
