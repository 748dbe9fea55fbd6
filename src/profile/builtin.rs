//! The built-in profiles, written from each family's public description: the seed
//! implementation plan, MADR 4 and MADR 2 decision records, Nygard-style ADRs,
//! Rust-style RFCs and Kubernetes KEPs.
//!
//! Everything here is data. A built-in profile gives a family's field names, status
//! vocabulary and structure; a template of the same family found in the repository
//! refines it with that template's own placeholders and prompts (see `learn`).

use super::{
    FieldDef, FieldRole, KeyPlace, MetadataSources, Origin, Profile, ProfileRef, SectionVocabulary,
    Signature, StatusClass, StatusValue, StatusVocabulary,
};
use crate::parse::placeholders::{PlaceholderMatcher, Syntax};
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// The metadata files built-in profiles keep beside their documents.
pub const METADATA_FILES: &[&str] = &["kep.yaml"];

/// The seed implementation plan's profile name.
pub const PLAN: &str = "plan";

/// The template shipped with plan-lint, embedded in the binary.
pub const PLAN_TEMPLATE: &str = include_str!("../../templates/implementation-plan-template.md");

/// Keys whose values are dates although their name does not say "date".
const DATE_KEYS: &[&str] = &[
    "started",
    "start",
    "completed",
    "last updated",
    "updated",
    "created",
    "generated",
    "estimated completion",
    "target completion",
    "completion",
    "deadline",
    "due",
    "kick-off",
    "kickoff",
];

const SIGNOFF_SECTION: &str = r"(?i)\b(sign[ \t-]?offs?|signatures?|approvals?|approved[ \t]+by|approvers?|review[ \t]+process|reviews?[ \t]*(&|and)[ \t]*approvals?|reviewers)\b";
const MILESTONE_SECTION: &str = r"(?i)\bmilestones?\b";
const CHANGE_LOG_SECTION: &str = r"(?i)\b(change[ \t-]?log|changes|revision history|version history|document history|history of changes|revisions)\b";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn field(label: &str, keys: &[&str], role: FieldRole, required: bool) -> FieldDef {
    FieldDef {
        label: label.to_string(),
        keys: strings(keys),
        role,
        required,
    }
}

fn status(label: &str, phrases: &[&str], class: StatusClass) -> StatusValue {
    StatusValue {
        label: label.to_string(),
        phrases: strings(phrases),
        class,
    }
}

fn pattern(source: &str) -> Regex {
    Regex::new(source).expect("built-in patterns compile")
}

/// The default section patterns, compiled once for every profile that uses them (a
/// `Regex` clone shares the compiled program).
static DEFAULT_SECTION_PATTERNS: LazyLock<[Regex; 3]> = LazyLock::new(|| {
    [
        pattern(SIGNOFF_SECTION),
        pattern(MILESTONE_SECTION),
        pattern(CHANGE_LOG_SECTION),
    ]
});

/// The section vocabulary every built-in shares unless it says otherwise.
pub fn default_sections() -> SectionVocabulary {
    SectionVocabulary {
        signoff: DEFAULT_SECTION_PATTERNS[0].clone(),
        milestones: DEFAULT_SECTION_PATTERNS[1].clone(),
        change_log: DEFAULT_SECTION_PATTERNS[2].clone(),
        status: None,
        done_checklist: None,
        role_words: strings(ROLE_WORDS),
        final_roles: strings(&["approv", "final", "sign off", "signoff", "sign-off"]),
    }
}

/// Words that roles and teams are made of.
const ROLE_WORDS: &[&str] = &[
    "lead",
    "leads",
    "manager",
    "owner",
    "engineer",
    "engineering",
    "architect",
    "architecture",
    "director",
    "head",
    "team",
    "reviewer",
    "officer",
    "chief",
    "cto",
    "ceo",
    "cfo",
    "ciso",
    "coo",
    "vp",
    "svp",
    "product",
    "project",
    "program",
    "programme",
    "technical",
    "tech",
    "security",
    "qa",
    "quality",
    "platform",
    "cloud",
    "ops",
    "devops",
    "sre",
    "infrastructure",
    "design",
    "designer",
    "analyst",
    "stakeholder",
    "stakeholders",
    "sponsor",
    "admin",
    "administrator",
    "data",
    "legal",
    "compliance",
    "finance",
    "business",
    "operations",
    "senior",
    "principal",
    "staff",
    "member",
    "members",
    "committee",
    "board",
    "owner(s)",
    "representative",
    "delivery",
    "release",
    "backend",
    "frontend",
    "mobile",
    "developer",
    "developers",
    "scrum",
    "master",
    "coordinator",
    "executive",
    "approver",
    "approvers",
    "the",
    "and",
    "of",
    "or",
    "&",
    "/",
];

/// The shared date keys.
pub fn default_date_keys() -> Vec<String> {
    strings(DATE_KEYS)
}

/// A profile with the shared vocabulary and nothing family-specific yet.
pub fn blank(name: &str, noun: &str) -> Profile {
    Profile {
        name: name.to_string(),
        noun: noun.to_string(),
        origin: Origin::Builtin,
        fields: Vec::new(),
        heading_keys: Vec::new(),
        date_keys: default_date_keys(),
        approval_keys: strings(&["approved by"]),
        status_line_key: None,
        statuses: StatusVocabulary::default(),
        sections: default_sections(),
        metadata: MetadataSources::default(),
        signature: Signature::default(),
        placeholders: PlaceholderMatcher::empty(),
        prompts: Vec::new(),
        include: None,
        extends: None,
        title_is_h1: true,
        requires_signoff: false,
        date_formats: None,
        quiet_rules: Vec::new(),
        known_headings: Vec::new(),
        may_be_empty: Vec::new(),
    }
}

/// The seed implementation plan (`templates/implementation-plan-template.md`).
pub fn plan() -> Profile {
    let mut p = blank(PLAN, "plan");
    p.fields = vec![
        field(
            "Plan ID",
            &["plan id", "plan-id", "plan_id", "planid"],
            FieldRole::Id,
            true,
        ),
        field(
            "Specification",
            &["specification", "spec"],
            FieldRole::Other,
            false,
        ),
        field("Title", &["title", "plan title"], FieldRole::Title, true),
        field(
            "Version",
            &["version", "plan version"],
            FieldRole::Version,
            true,
        ),
        field("Date", &["date", "plan date"], FieldRole::Date, true),
        field(
            "Author",
            &["author", "owner", "plan owner", "author(s)", "authors"],
            FieldRole::Author,
            true,
        ),
        field(
            "Status",
            &["status", "plan status"],
            FieldRole::Status,
            true,
        ),
    ];
    p.heading_keys = strings(&["total duration", "approved by", "reviewer"]);
    p.requires_signoff = true;
    p.status_line_key = Some("plan status".to_string());
    p.statuses = StatusVocabulary {
        values: vec![
            // The template's five values first (the Plan Status line's boxes), each
            // with the words teams use for it; then values the template has no box for.
            status(
                "Draft",
                &[
                    "draft",
                    "proposal",
                    "proposed",
                    "planning",
                    "planned",
                    "not started",
                    "new",
                    "idea",
                    "backlog",
                ],
                StatusClass::Draft,
            ),
            status(
                "In Review",
                &[
                    "in review",
                    "under review",
                    "ready for review",
                    "review",
                    "pending review",
                    "pending approval",
                    "awaiting review",
                    "awaiting approval",
                ],
                StatusClass::Review,
            ),
            status(
                "Approved",
                &[
                    "approved",
                    "accepted",
                    "signed off",
                    "ready",
                    "ready to begin",
                    "ready to start",
                    "agreed",
                ],
                StatusClass::Approved,
            ),
            status(
                "In Progress",
                &[
                    "in progress",
                    "inprogress",
                    "ongoing",
                    "active",
                    "started",
                    "wip",
                    "work in progress",
                    "implementing",
                    "in development",
                    "underway",
                ],
                StatusClass::Active,
            ),
            status(
                "Completed",
                &[
                    "completed",
                    "complete",
                    "done",
                    "finished",
                    "implemented",
                    "delivered",
                    "shipped",
                    "closed",
                    "pass",
                    "passed",
                ],
                StatusClass::Done,
            ),
            status(
                "On Hold",
                &["on hold", "blocked", "paused", "suspended", "deferred"],
                StatusClass::Active,
            ),
            status(
                "Cancelled",
                &[
                    "cancelled",
                    "canceled",
                    "abandoned",
                    "rejected",
                    "withdrawn",
                    "superseded",
                    "deprecated",
                    "obsolete",
                ],
                StatusClass::Withdrawn,
            ),
        ],
        open: false,
    };
    p.signature = Signature {
        decisive_keys: strings(&["plan id", "plan-id", "plan_id", "planid"]),
        title_word: Some("plan".to_string()),
        title_keys: strings(&["status"]),
        companions: super::Companions {
            own: strings(&[
                "plan",
                "plans",
                "roadmap",
                "proposal",
                "spec",
                "specification",
            ]),
            about: strings(&[
                "review",
                "reviews",
                "analysis",
                "analyses",
                "tracker",
                "tracking",
                "status",
                "completion",
                "summary",
                "report",
                "retrospective",
                "retro",
                "postmortem",
                "audit",
                "assessment",
                "evaluation",
                "verification",
                "validation",
                "findings",
                "feedback",
                "notes",
                "progress",
                "log",
                "research",
                "handoff",
            ]),
            about_names: strings(&[
                "review",
                "reviews",
                "analysis",
                "tracker",
                "status",
                "completion",
                "summary",
                "report",
                "retrospective",
                "retro",
                "postmortem",
                "findings",
                "feedback",
                "handoff",
                "progress",
            ]),
            part: strings(&[
                "phase",
                "part",
                "stage",
                "step",
                "milestone",
                "sprint",
                "wave",
            ]),
            // Not `Part of`: a whole plan says which initiative it belongs to.
            parent_keys: strings(&["parent plan", "parent", "parent plan id"]),
        },
        ..Signature::default()
    };
    p.placeholders = PlaceholderMatcher::from_template(PLAN_TEMPLATE, &[Syntax::Square])
        .with_loose_instructions(true);
    p.known_headings = super::DocumentShape::of(PLAN_TEMPLATE).headings;
    p
}

/// Status words decision records use, with their lifecycle class.
fn decision_statuses(open: bool) -> StatusVocabulary {
    StatusVocabulary {
        values: vec![
            status(
                "proposed",
                &["proposed", "proposal", "draft"],
                StatusClass::Draft,
            ),
            status(
                "accepted",
                &["accepted", "approved", "adopted"],
                StatusClass::Approved,
            ),
            status(
                "rejected",
                &["rejected", "declined"],
                StatusClass::Withdrawn,
            ),
            status(
                "deprecated",
                &["deprecated", "obsolete"],
                StatusClass::Withdrawn,
            ),
            status(
                "superseded",
                &["superseded", "superceded", "replaced"],
                StatusClass::Withdrawn,
            ),
        ],
        open,
    }
}

/// The headings every MADR version shares.
const MADR_HEADINGS: &[&str] = &[
    "context and problem statement",
    "decision drivers",
    "considered options",
    "decision outcome",
    "consequences",
    "positive consequences",
    "negative consequences",
    "confirmation",
    "pros and cons of the options",
    "more information",
    "links",
];

/// MADR 4 (and 3): YAML front matter (`status`, `date`, `decision-makers`,
/// `consulted`, `informed`), `{…}` placeholders, an open status vocabulary.
pub fn madr4() -> Profile {
    let mut p = blank("madr4", "MADR decision record");
    // Every MADR metadata element is optional.
    p.fields = vec![
        field("status", &["status"], FieldRole::Status, false),
        field("date", &["date"], FieldRole::Date, false),
        field(
            "decision-makers",
            &["decision-makers", "deciders", "decision makers"],
            FieldRole::Approvers,
            false,
        ),
        field("consulted", &["consulted"], FieldRole::Other, false),
        field("informed", &["informed"], FieldRole::Other, false),
    ];
    p.statuses = decision_statuses(true);
    p.signature = Signature {
        keys: strings(&[
            "status",
            "date",
            "decision-makers",
            "deciders",
            "consulted",
            "informed",
        ]),
        key_place: KeyPlace::FrontMatter,
        headings: strings(MADR_HEADINGS),
        min_keys: 0,
        min_headings: 3,
        ..Signature::default()
    };
    p.placeholders = PlaceholderMatcher::empty().with_syntaxes(&[Syntax::Curly, Syntax::Square]);
    p
}

/// MADR 2: bullet metadata (`* Status:`, `* Deciders:`, `* Date:`), `[…]` placeholders.
pub fn madr2() -> Profile {
    let mut p = madr4();
    p.name = "madr2".to_string();
    p.fields = vec![
        field("Status", &["status"], FieldRole::Status, false),
        field(
            "Deciders",
            &["deciders", "decision-makers", "decision makers"],
            FieldRole::Approvers,
            false,
        ),
        field("Date", &["date"], FieldRole::Date, false),
        field(
            "Technical Story",
            &["technical story"],
            FieldRole::Other,
            false,
        ),
    ];
    p.signature.keys = strings(&["status", "deciders", "date", "technical story"]);
    p.signature.key_place = KeyPlace::Header;
    // Told apart from MADR 4 by its bullet header: two of its keys must be there.
    p.signature.min_keys = 2;
    // MADR 2 writes its slots as descriptions (`[list everyone involved …]`).
    p.placeholders = PlaceholderMatcher::empty()
        .with_syntaxes(&[Syntax::Square])
        .with_loose_instructions(true);
    p
}

/// Nygard-style ADRs: `Date:` line, a `## Status` section, Context / Decision /
/// Consequences.
pub fn nygard() -> Profile {
    let mut p = blank("nygard", "architecture decision record");
    p.fields = vec![
        field("Date", &["date"], FieldRole::Date, false),
        field("Status", &["status"], FieldRole::Status, false),
    ];
    p.statuses = decision_statuses(true);
    p.sections.status = Some(pattern(r"(?i)^status$"));
    p.signature = Signature {
        keys: strings(&["date"]),
        headings: strings(&["status", "context", "decision", "consequences"]),
        min_headings: 4,
        ..Signature::default()
    };
    p.placeholders = PlaceholderMatcher::empty().with_syntaxes(&[Syntax::Square]);
    p
}

/// Rust-style RFCs: a `- Feature Name:` / `- Start Date:` / `- RFC PR:` list header,
/// `(fill me in …)` prompts, `#0000` links, sections at level 1.
pub fn rfc() -> Profile {
    let mut p = blank("rfc", "RFC");
    p.fields = vec![
        field(
            "Feature Name",
            &["feature name", "feature"],
            FieldRole::Title,
            false,
        ),
        field("Start Date", &["start date"], FieldRole::Date, true),
        field(
            "RFC PR",
            &["rfc pr", "rfc pull request"],
            FieldRole::Other,
            false,
        ),
        field(
            "Tracking Issue",
            &["rust issue", "tracking issue", "issue"],
            FieldRole::Other,
            false,
        ),
    ];
    p.signature = Signature {
        keys: strings(&["feature name", "start date", "rfc pr", "rust issue"]),
        headings: strings(&[
            "summary",
            "motivation",
            "guide level explanation",
            "reference level explanation",
            "detailed design",
            "drawbacks",
            "rationale and alternatives",
            "alternatives",
            "prior art",
            "unresolved questions",
            "future possibilities",
        ]),
        min_keys: 1,
        min_headings: 1,
        min_weight: 5,
        ..Signature::default()
    };
    p.may_be_empty = strings(&["unresolved questions"]);
    p.placeholders = PlaceholderMatcher::empty().with_syntaxes(&[
        Syntax::Square,
        Syntax::FillMeIn,
        Syntax::ZeroLink,
    ]);
    p
}

/// Kubernetes KEPs: a README whose metadata lives in the sibling `kep.yaml`.
pub fn kep() -> Profile {
    let mut p = blank("kep", "KEP");
    p.fields = vec![
        field("title", &["title"], FieldRole::Title, true),
        field("kep-number", &["kep-number"], FieldRole::Id, true),
        field("authors", &["authors"], FieldRole::Author, true),
        field("owning-sig", &["owning-sig"], FieldRole::Other, true),
        field("status", &["status"], FieldRole::Status, true),
        field("creation-date", &["creation-date"], FieldRole::Date, true),
        field("reviewers", &["reviewers"], FieldRole::Other, false),
        field("approvers", &["approvers"], FieldRole::Approvers, true),
        field("stage", &["stage"], FieldRole::Other, false),
        field(
            "latest-milestone",
            &["latest-milestone"],
            FieldRole::Other,
            false,
        ),
        field("last-updated", &["last-updated"], FieldRole::Other, false),
        field(
            "participating-sigs",
            &["participating-sigs"],
            FieldRole::Other,
            false,
        ),
        field("see-also", &["see-also"], FieldRole::Other, false),
        field("replaces", &["replaces"], FieldRole::Other, false),
        field("milestone", &["milestone"], FieldRole::Other, false),
    ];
    p.date_keys
        .extend(strings(&["creation-date", "last-updated"]));
    p.statuses = StatusVocabulary {
        values: vec![
            status("provisional", &["provisional"], StatusClass::Draft),
            status("implementable", &["implementable"], StatusClass::Approved),
            status("implemented", &["implemented"], StatusClass::Done),
            status("deferred", &["deferred"], StatusClass::Withdrawn),
            status("rejected", &["rejected"], StatusClass::Withdrawn),
            status("withdrawn", &["withdrawn"], StatusClass::Withdrawn),
            status("replaced", &["replaced"], StatusClass::Withdrawn),
        ],
        open: false,
    };
    p.metadata.sibling = Some(METADATA_FILES[0].to_string());
    p.sections.done_checklist = Some(pattern(r"(?i)release sign-?off checklist"));
    // Approvals live in kep.yaml; README lists such as `sig-network: [date](notes)` are
    // references, not sign-offs.
    p.sections.signoff = pattern(r"[^\s\S]");
    // The template keeps optional questions (later stages' PRR answers, extra user
    // stories) as headings a KEP fills when it gets there.
    p.quiet_rules = vec![crate::rules::RuleId::EmptySection];
    p.signature = Signature {
        headings: strings(&[
            "release signoff checklist",
            "summary",
            "motivation",
            "goals",
            "non goals",
            "proposal",
            "design details",
            "production readiness review questionnaire",
            "implementation history",
            "drawbacks",
            "alternatives",
        ]),
        min_headings: 3,
        title_pattern: Some(pattern(r"(?i)^KEP[- ]?(?:\d+|N{2,})\b")),
        ..Signature::default()
    };
    p.placeholders = PlaceholderMatcher::empty().with_syntaxes(&[Syntax::Square]);
    p
}

static BUILTINS: LazyLock<Vec<ProfileRef>> = LazyLock::new(|| {
    vec![plan(), kep(), rfc(), madr4(), madr2(), nygard()]
        .into_iter()
        .map(|mut p| {
            if p.known_headings.is_empty() {
                p.known_headings = p.signature.headings.clone();
                p.known_headings.sort();
            }
            Arc::new(p)
        })
        .collect()
});

/// Every built-in profile, the plan profile first.
pub fn all() -> &'static [ProfileRef] {
    &BUILTINS
}

/// A built-in profile by name.
pub fn by_name(name: &str) -> Option<&'static ProfileRef> {
    BUILTINS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// The built-in plan profile.
pub fn plan_profile() -> &'static ProfileRef {
    &BUILTINS[0]
}
