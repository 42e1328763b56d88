//! Property tests (issue 7): random valid protos compile and lint without panicking, and a
//! tree compared with itself has no breaking change; byte-level mutations of the examples
//! and fixtures never panic in compile, lint, breaking or fmt. Everything runs through the
//! library, in memory.
//!
//! The number of cases per property is `PROPTEST_CASES` (default 32, seconds in a debug
//! build); raise it for a longer search, e.g. `PROPTEST_CASES=5000 cargo test --release
//! --test proptest_protos`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use protogate::breaking;
use protogate::compile::compile_input;
use protogate::config::LintOptions;
use protogate::lint;
use protogate::model::ProtoFile;
use protogate::workspace::load_memory_tree;

type Tree = BTreeMap<String, Vec<u8>>;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

/// Compiles a tree held in memory; None when it does not compile (or its config is bad).
fn compile_tree(tree: &Tree) -> Option<Vec<ProtoFile>> {
    let input = load_memory_tree(tree, "proptest", "").ok()?;
    if !input.unreadable.is_empty() {
        return None;
    }
    let (_, modules) = compile_input(&input).ok()?;
    Some(modules.into_iter().flat_map(|m| m.files).collect())
}

fn lint_all(files: &[ProtoFile]) {
    let rules: Vec<_> = lint::RULES.iter().collect();
    let _ = lint::run(files, &rules, &LintOptions::default(), true);
}

fn breaking_all(previous: &[ProtoFile], current: &[ProtoFile]) -> Vec<String> {
    let rules: Vec<_> = breaking::RULES.iter().collect();
    match breaking::run(previous, current, &rules, false) {
        Ok(found) => found
            .into_iter()
            .map(|d| format!("{}: {} {}", d.path, d.rule, d.message))
            .collect(),
        Err(error) => vec![format!("error: {error}")],
    }
}

// ---------------------------------------------------------------------------------------
// Random valid protos, from a small grammar driven by a stream of choices (so that
// shrinking the stream simplifies the file).

struct Choices<'a> {
    values: &'a [u32],
    next: usize,
}

impl Choices<'_> {
    /// A number below `n` (0 once the stream runs out).
    fn below(&mut self, n: u32) -> u32 {
        let value = self.values.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        if n == 0 { 0 } else { value % n }
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

const SCALARS: [&str; 15] = [
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32",
    "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
];
const WELL_KNOWN: [(&str, &str); 3] = [
    (
        "google.protobuf.Timestamp",
        "google/protobuf/timestamp.proto",
    ),
    ("google.protobuf.Duration", "google/protobuf/duration.proto"),
    ("google.protobuf.Empty", "google/protobuf/empty.proto"),
];

struct Generator<'a> {
    choices: Choices<'a>,
    proto3: bool,
    messages: Vec<String>,
    enums: Vec<String>,
    imports: std::collections::BTreeSet<&'static str>,
    counter: u32,
}

impl Generator<'_> {
    fn fresh(&mut self) -> u32 {
        self.counter += 1;
        self.counter
    }

    /// Field numbers: increasing, valid, never in 19000-19999.
    fn numbers(&mut self, count: usize) -> Vec<u32> {
        let mut numbers = Vec::new();
        let mut next = 1;
        for _ in 0..count {
            next += match self.choices.below(10) {
                0 => self.choices.below(100_000),
                _ => self.choices.below(3),
            };
            if (19_000..20_000).contains(&next) {
                next = 20_000;
            }
            if next > 536_870_911 {
                break;
            }
            numbers.push(next);
            next += 1;
        }
        numbers
    }

    fn field_type(&mut self) -> String {
        match self.choices.below(10) {
            0 | 1 if !self.messages.is_empty() => {
                let index = self.choices.below(self.messages.len() as u32) as usize;
                self.messages[index].clone()
            }
            2 if !self.enums.is_empty() => {
                let index = self.choices.below(self.enums.len() as u32) as usize;
                self.enums[index].clone()
            }
            3 => {
                let (name, file) = WELL_KNOWN[self.choices.below(3) as usize];
                self.imports.insert(file);
                name.to_string()
            }
            _ => SCALARS[self.choices.below(SCALARS.len() as u32) as usize].to_string(),
        }
    }

    fn comment(&mut self, indent: &str, out: &mut String) {
        if self.choices.chance(70) {
            out.push_str(&format!(
                "{indent}// Documented element {}.\n",
                self.fresh()
            ));
        }
    }

    fn enumeration(&mut self, indent: &str, out: &mut String) -> String {
        let number = self.fresh();
        let name = format!("Kind{number}");
        self.comment(indent, out);
        out.push_str(&format!("{indent}enum {name} {{\n"));
        let prefix = format!("KIND{number}");
        let count = 1 + self.choices.below(5);
        let mut value = 0;
        for index in 0..count {
            self.comment(&format!("{indent}  "), out);
            let suffix = if index == 0 {
                "UNSPECIFIED".to_string()
            } else {
                format!("V{index}")
            };
            out.push_str(&format!("{indent}  {prefix}_{suffix} = {value};\n"));
            value += 1 + self.choices.below(3) as i64;
        }
        if self.choices.chance(30) {
            out.push_str(&format!(
                "{indent}  reserved {}, {} to {};\n",
                value + 1,
                value + 3,
                value + 5
            ));
        }
        out.push_str(&format!("{indent}}}\n"));
        name
    }

    /// Writes a message inside `scope` (`""` or `Outer.`) and returns its name relative to
    /// the package, which resolves from anywhere in the file.
    fn message(&mut self, indent: &str, scope: &str, depth: u32, out: &mut String) -> String {
        let name = format!("{scope}Item{}", self.fresh());
        let local = name.rsplit('.').next().unwrap_or(&name).to_string();
        self.comment(indent, out);
        out.push_str(&format!("{indent}message {local} {{\n"));
        let inner = format!("{indent}  ");
        if depth < 3 && self.choices.chance(30) {
            let nested = self.message(&inner, &format!("{name}."), depth + 1, out);
            self.messages.push(nested);
        }
        if self.choices.chance(30) {
            let nested = self.enumeration(&inner, out);
            self.enums.push(format!("{name}.{nested}"));
        }
        let count = self.choices.below(8) as usize;
        let numbers = self.numbers(count + 2);
        let mut numbers = numbers.into_iter();
        for index in 0..count {
            let Some(number) = numbers.next() else { break };
            self.comment(&inner, out);
            let field = format!("field_{index}");
            match self.choices.below(8) {
                0 => {
                    let value = self.field_type();
                    out.push_str(&format!(
                        "{inner}map<string, {value}> {field} = {number};\n"
                    ));
                }
                1 => {
                    let ty = self.field_type();
                    out.push_str(&format!("{inner}oneof choice_{index} {{\n"));
                    out.push_str(&format!("{inner}  {ty} {field} = {number};\n"));
                    out.push_str(&format!("{inner}}}\n"));
                }
                choice => {
                    let ty = self.field_type();
                    let label = match (choice, self.proto3) {
                        (2, _) => "repeated ",
                        (3, true) => "optional ",
                        (_, true) => "",
                        (_, false) => "optional ",
                    };
                    let options = match self.choices.below(6) {
                        0 => " [deprecated = true]",
                        1 => " [json_name = \"renamed\"]",
                        _ => "",
                    };
                    let options = if options.contains("json_name") {
                        format!(" [json_name = \"renamed{index}\"]")
                    } else {
                        options.to_string()
                    };
                    out.push_str(&format!(
                        "{inner}{label}{ty} {field} = {number}{options};\n"
                    ));
                }
            }
        }
        if let Some(number) = numbers.next()
            && self.choices.chance(40)
        {
            out.push_str(&format!("{inner}reserved {number};\n"));
            out.push_str(&format!("{inner}reserved \"gone_{}\";\n", self.fresh()));
        }
        out.push_str(&format!("{indent}}}\n"));
        name
    }

    fn service(&mut self, out: &mut String) {
        if self.messages.is_empty() {
            return;
        }
        let name = format!("Api{}Service", self.fresh());
        self.comment("", out);
        out.push_str(&format!("service {name} {{\n"));
        for index in 0..1 + self.choices.below(4) {
            let request =
                self.messages[self.choices.below(self.messages.len() as u32) as usize].clone();
            let response =
                self.messages[self.choices.below(self.messages.len() as u32) as usize].clone();
            let stream = if self.choices.chance(20) {
                "stream "
            } else {
                ""
            };
            self.comment("  ", out);
            out.push_str(&format!(
                "  rpc Call{index}({stream}{request}) returns ({response});\n"
            ));
        }
        out.push_str("}\n");
    }

    fn file(values: &[u32]) -> String {
        let mut generator = Generator {
            choices: Choices { values, next: 0 },
            proto3: true,
            messages: Vec::new(),
            enums: Vec::new(),
            imports: Default::default(),
            counter: 0,
        };
        generator.proto3 = !generator.choices.chance(25);
        let mut body = String::new();
        for _ in 0..1 + generator.choices.below(5) {
            if generator.choices.chance(25) {
                let name = generator.enumeration("", &mut body);
                generator.enums.push(name);
            } else {
                let name = generator.message("", "", 0, &mut body);
                generator.messages.push(name);
            }
            body.push('\n');
        }
        generator.service(&mut body);
        let syntax = if generator.proto3 { "proto3" } else { "proto2" };
        let mut text = format!("syntax = \"{syntax}\";\n\npackage fuzz.v1;\n\n");
        for import in &generator.imports {
            text.push_str(&format!("import \"{import}\";\n"));
        }
        if !generator.imports.is_empty() {
            text.push('\n');
        }
        if generator.choices.chance(30) {
            text.push_str("option java_multiple_files = true;\n\n");
        }
        text.push_str(&body);
        text
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// A random valid file compiles, lints, formats, and has no breaking change against
    /// itself.
    #[test]
    fn random_valid_protos_compile_lint_and_match_themselves(
        values in prop::collection::vec(any::<u32>(), 0..400)
    ) {
        let text = Generator::file(&values);
        let mut tree = Tree::new();
        tree.insert("fuzz/v1/generated.proto".to_string(), text.clone().into_bytes());
        let files = compile_tree(&tree);
        prop_assert!(files.is_some(), "a generated file does not compile:\n{text}");
        let files = files.unwrap();
        lint_all(&files);
        let found = breaking_all(&files, &files);
        prop_assert!(found.is_empty(), "breaking against itself: {found:?}\n{text}");
        let formatted = protogate::fmt::format_source("fuzz/v1/generated.proto", &text);
        prop_assert!(formatted.is_ok(), "fmt fails on a valid file: {formatted:?}\n{text}");
    }
}

// ---------------------------------------------------------------------------------------
// Mutations of the examples and fixtures.

/// Every module tree of the examples and fixtures, keyed by `/` path below its root.
fn seed_trees() -> &'static Vec<(String, Tree)> {
    static TREES: OnceLock<Vec<(String, Tree)>> = OnceLock::new();
    TREES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut roots = vec![root.join("examples/proto"), root.join("examples/bad")];
        for kind in ["lint", "breaking"] {
            let mut dirs: Vec<_> = std::fs::read_dir(root.join("testdata").join(kind))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            dirs.sort();
            for dir in dirs {
                if kind == "breaking" {
                    roots.push(dir.join("previous"));
                    roots.push(dir.join("current"));
                } else {
                    roots.push(dir);
                }
            }
        }
        roots
            .into_iter()
            .filter(|r| r.is_dir())
            .map(|r| {
                let mut tree = Tree::new();
                read_tree(&r, &r, &mut tree);
                (r.display().to_string(), tree)
            })
            .filter(|(_, tree)| tree.keys().any(|k| k.ends_with(".proto")))
            .collect()
    })
}

fn read_tree(root: &Path, dir: &Path, tree: &mut Tree) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, tree);
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if name.ends_with(".proto") || name == "buf.yaml" || name == "protogate.yaml" {
                tree.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: u32, bit: u8 },
    Truncate { at: u32 },
    Insert { at: u32, bytes: Vec<u8> },
    Delete { at: u32, len: u8 },
}

const TOKENS: [&str; 16] = [
    "{",
    "}",
    ";",
    "\"",
    "/*",
    "message M {",
    "= 0;",
    "= -1;",
    "= 536870912;",
    "\u{feff}",
    "import \"x.proto\";",
    "reserved 1 to max;",
    "option (x) = {",
    "edition = \"2023\";",
    "repeated ",
    "oneof o {",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<u32>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        any::<u32>().prop_map(|at| Mutation::Truncate { at }),
        (any::<u32>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<u32>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert {
            at,
            bytes: TOKENS[token].as_bytes().to_vec()
        }),
        (any::<u32>(), 1u8..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let position = |at: u32, len: usize| if len == 0 { 0 } else { at as usize % (len + 1) };
    match mutation {
        Mutation::Flip { at, bit } => {
            if !bytes.is_empty() {
                let index = *at as usize % bytes.len();
                bytes[index] ^= 1 << bit;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(position(*at, bytes.len())),
        Mutation::Insert {
            at,
            bytes: inserted,
        } => {
            let index = position(*at, bytes.len());
            bytes.splice(index..index, inserted.iter().copied());
        }
        Mutation::Delete { at, len } => {
            let start = position(*at, bytes.len());
            let end = (start + *len as usize).min(bytes.len());
            bytes.drain(start..end);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// A mutated file of an example or fixture tree never panics: it compiles (and lints,
    /// and is compared with the original) or fails with findings; fmt formats it or says why.
    #[test]
    fn mutated_examples_never_panic(
        tree_choice in any::<prop::sample::Index>(),
        file_choice in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let trees = seed_trees();
        let (origin, tree) = &trees[tree_choice.index(trees.len())];
        let protos: Vec<&String> = tree.keys().filter(|k| k.ends_with(".proto")).collect();
        let name = protos[file_choice.index(protos.len())].clone();
        let mut mutated_tree = tree.clone();
        let bytes = mutated_tree.get_mut(&name).unwrap();
        for mutation in &mutations {
            apply(bytes, mutation);
        }
        let text = String::from_utf8_lossy(bytes).into_owned();
        let _ = protogate::fmt::format_source(&name, &text);
        let original = compile_tree(tree);
        if let Some(current) = compile_tree(&mutated_tree) {
            lint_all(&current);
            if let Some(previous) = &original {
                let _ = breaking_all(previous, &current);
                let _ = breaking_all(&current, previous);
            }
            let found = breaking_all(&current, &current);
            prop_assert!(found.is_empty(), "{origin}/{name} against itself: {found:?}");
        }
    }

    /// Every example and fixture tree that compiles has no breaking change against itself.
    #[test]
    fn every_seed_tree_matches_itself(tree_choice in any::<prop::sample::Index>()) {
        let trees = seed_trees();
        let (origin, tree) = &trees[tree_choice.index(trees.len())];
        if let Some(files) = compile_tree(tree) {
            let found = breaking_all(&files, &files);
            prop_assert!(found.is_empty(), "{origin} against itself: {found:?}");
        }
    }
}
