//! The demo's archetypes: the families of traffic and configuration, how the fleet splits
//! between them, and what each draws for a function.

use super::rng::{pick, pick_ref, Rng};
use crate::snapshot::Invoker;

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
pub(super) const FLASH_SALE_EVERY: usize = 64;

/// Local hours (start of the hour) of the flash sales.
pub(super) const FLASH_SALE_HOURS: [f64; 2] = [12.0, 20.0];

/// How the fleet splits between archetypes (shares of 64). Every archetype gets at least one.
pub(super) const ARCHETYPE_SHARES: [(Archetype, usize); 8] = [
    (Archetype::SteadyApi, 8),
    (Archetype::DiurnalApi, 16),
    (Archetype::SpikyEvent, 12),
    (Archetype::NightlyCron, 8),
    (Archetype::LongEtl, 2),
    (Archetype::HeavyInitInference, 2),
    (Archetype::BigMemoryWorker, 2),
    (Archetype::QueueWorker, 14),
];

/// Spreads `count` functions over the archetypes in proportion to their shares, at least one
/// each (when there is room), interleaved so any prefix of the fleet is mixed.
pub(super) fn assign_archetypes(count: usize) -> Vec<Archetype> {
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
pub(super) struct Profile {
    /// Mean invocations per second at full activity.
    pub rate_per_second: f64,
    pub duration_ms: f64,
    /// p99 / average duration.
    pub tail: f64,
    pub error_rate: f64,
    /// Average INIT duration of a cold start, ms.
    pub init_ms: f64,
    /// Share of memory the function actually uses at its peak.
    pub memory_use: f64,
    /// Hour of day (UTC) of scheduled runs.
    pub schedule_hour: usize,
    pub utc_offset: i64,
}

/// What an archetype draws for one function: its name, runtime, size, invoker and traffic
/// profile. The draws happen in the order written (the fleet's bytes depend on it).
pub(super) struct Drawn {
    pub name_suffix: &'static str,
    pub runtime: &'static str,
    pub memory_mb: u32,
    pub timeout_s: u32,
    pub invoker: Invoker,
    pub profile: Profile,
}

pub(super) fn draw(archetype: Archetype, volume: f64, utc_offset: i64, rng: &mut Rng) -> Drawn {
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
    Drawn {
        name_suffix,
        runtime,
        memory_mb,
        timeout_s,
        invoker,
        profile,
    }
}
