//! The demo fleet: a deterministic, realistic snapshot for a first run without an AWS account.
//!
//! Same config → byte-identical snapshot. Each function follows one archetype with the traffic
//! shape reviewers meet in real fleets; a heavy-tailed volume draw makes a handful of functions
//! carry most of the bill, as in most accounts.

mod archetypes;
mod rng;
mod series;

use std::collections::BTreeMap;

use crate::snapshot::{
    Architecture, Function, PackageType, RegionLimits, Snapshot, Source, SourceKind, Window,
    FORMAT_V1, PERIOD_SECONDS,
};
use crate::time;

pub use archetypes::Archetype;
use archetypes::{assign_archetypes, draw, Drawn};
use rng::Rng;
use series::make_series;

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
    Snapshot {
        functions: functions(config).collect(),
        ..head(config)
    }
}

/// The demo snapshot for `config` without its functions: [`functions`] gives them one by one,
/// so a large fleet can be written as it is made.
pub fn head(config: &DemoConfig) -> Snapshot {
    let hours = config.days as usize * 24;
    let start = time::parse_rfc3339(DEMO_START).expect("DEMO_START is a valid timestamp");
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
        functions: Vec::new(),
        billed: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The demo fleet's functions in snapshot order, each made when it is reached (the same
/// functions as [`generate`]'s, with only one of them in memory at a time).
pub fn functions(config: &DemoConfig) -> impl Iterator<Item = Function> {
    let hours = config.days as usize * 24;
    let start = time::parse_rfc3339(DEMO_START).expect("DEMO_START is a valid timestamp");
    let seed = config.seed;
    let archetypes = assign_archetypes(config.functions);
    // Inference sits behind an API: the nearest API function before it in its region calls it
    // and waits (its resource policy lets that function invoke it). Drawn from no random
    // number, so every other figure of the fleet stays what it was.
    let mut last_api: BTreeMap<String, String> = BTreeMap::new();
    archetypes
        .into_iter()
        .enumerate()
        .map(move |(index, archetype)| {
            let mut rng = Rng::new(seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut function = make_function(index, archetype, hours, start, &mut rng);
            match archetype {
                Archetype::SteadyApi | Archetype::DiurnalApi => {
                    last_api.insert(function.region.clone(), function.arn.clone());
                }
                Archetype::HeavyInitInference => {
                    if let Some(caller) = last_api.get(&function.region) {
                        function.function_callers.push(caller.clone());
                    }
                }
                _ => {}
            }
            function
        })
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
    let Drawn {
        name_suffix,
        runtime,
        memory_mb,
        timeout_s,
        invoker,
        profile,
    } = draw(archetype, volume, utc_offset, rng);
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

#[cfg(test)]
mod tests;
