//! `breaking --fix`: `reserved` numbers and names for the fields and enum values deleted
//! since `--against`, written into the current sources and nothing else changed.

mod common;

use std::path::Path;

use common::{findings, protogate, stderr, stdout, write_tree};

const PREVIOUS: &str = r#"syntax = "proto3";

package acme.users.v1;

// A user.
message User {
  reserved 9;
  reserved "legacy";
  int32 id = 1; // the id
  string name = 2;
  string email = 3;
  // Details kept with the user.
  message Profile {
    string bio = 1;
    string avatar = 2;
    // How the profile is shown.
    enum Visibility {
      VISIBILITY_UNSPECIFIED = 0;
      VISIBILITY_PUBLIC = 1;
      VISIBILITY_PRIVATE = 2;
    }
    Visibility visibility = 3;
  }
  Profile profile = 4;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_ACTIVE = 1;
  STATUS_BANNED = 2;
}

message Empty {
  int32 gone = 1;
}

message Audit { // who did what
  string actor = 1;
  string action = 2;
}
"#;

/// `name`, `avatar`, `VISIBILITY_PUBLIC`, `STATUS_ACTIVE`, `gone` and `action` are deleted.
const CURRENT: &str = r#"syntax = "proto3";

package acme.users.v1;

// A user.
message User {
  reserved 9;
  reserved "legacy";
  int32 id = 1; // the id
  string email = 3;
  // Details kept with the user.
  message Profile {
    string bio = 1;
    // How the profile is shown.
    enum Visibility {
      VISIBILITY_UNSPECIFIED = 0;
      VISIBILITY_PRIVATE = 2;
    }
    Visibility visibility = 3;
  }
  Profile profile = 4;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_BANNED = 2;
}

message Empty {}

message Audit { // who did what
  string actor = 1;
}
"#;

const FIXED: &str = r#"syntax = "proto3";

package acme.users.v1;

// A user.
message User {
  reserved 9, 2;
  reserved "legacy", "name";
  int32 id = 1; // the id
  string email = 3;
  // Details kept with the user.
  message Profile {
    reserved 2;
    reserved "avatar";
    string bio = 1;
    // How the profile is shown.
    enum Visibility {
      reserved 1;
      reserved "VISIBILITY_PUBLIC";
      VISIBILITY_UNSPECIFIED = 0;
      VISIBILITY_PRIVATE = 2;
    }
    Visibility visibility = 3;
  }
  Profile profile = 4;
}

enum Status {
  reserved 1;
  reserved "STATUS_ACTIVE";
  STATUS_UNSPECIFIED = 0;
  STATUS_BANNED = 2;
}

message Empty {
  reserved 1;
  reserved "gone";
}

message Audit { // who did what
  reserved 2;
  reserved "action";
  string actor = 1;
}
"#;

const FILE: &str = "current/acme/users/v1/user.proto";

/// `previous/` and `current/` module roots with one file each and a default v2 config.
fn two_versions(dir: &Path, previous: &str, current: &str) {
    write_tree(
        dir,
        &[
            ("previous/buf.yaml", "version: v2\n"),
            ("previous/acme/users/v1/user.proto", previous),
            ("current/buf.yaml", "version: v2\n"),
            ("current/acme/users/v1/user.proto", current),
        ],
    );
}

fn fix(dir: &Path) -> std::process::Output {
    protogate(
        &dir.join("current"),
        &["breaking", "--against", "../previous", "--fix"],
    )
}

fn rules_reported(dir: &Path, config: Option<&str>) -> Vec<String> {
    let mut args = vec![
        "breaking",
        "--against",
        "../previous",
        "--error-format",
        "json",
    ];
    if let Some(config) = config {
        args.extend(["--config", config]);
    }
    let output = protogate(&dir.join("current"), &args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    findings(&stdout(&output))
        .into_iter()
        .map(|finding| finding.rule)
        .collect()
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(FILE)).expect("the fixed file")
}

#[test]
fn reserves_deleted_fields_and_values_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), PREVIOUS, CURRENT);
    let output = fix(dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(read(dir.path()), FIXED);
    let err = stderr(&output);
    assert!(
        err.contains("acme/users/v1/user.proto: reserved 2, \"name\" in message User"),
        "{err}"
    );
    assert!(
        err.contains("reserved 1, \"VISIBILITY_PUBLIC\" in enum Visibility"),
        "{err}"
    );
}

#[test]
fn a_second_fix_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), PREVIOUS, CURRENT);
    fix(dir.path());
    let first = std::fs::read(dir.path().join(FILE)).unwrap();
    let output = fix(dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let second = std::fs::read(dir.path().join(FILE)).unwrap();
    assert_eq!(first, second, "the second --fix changed the file");
    assert!(
        !stderr(&output).contains("reserved"),
        "the second --fix reserved something: {}",
        stderr(&output)
    );
}

#[test]
fn after_fix_the_reserved_rules_pass_and_the_deletion_is_still_a_source_break() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), PREVIOUS, CURRENT);
    write_tree(
        dir.path(),
        &[(
            "wire_json.yaml",
            "version: v2\nbreaking:\n  use: [WIRE_JSON]\n",
        )],
    );
    let reserved_rules = |rules: &[String]| -> Vec<String> {
        rules
            .iter()
            .filter(|rule| {
                rule.starts_with("FIELD_NO_DELETE_UNLESS_")
                    || rule.starts_with("ENUM_VALUE_NO_DELETE_UNLESS_")
            })
            .cloned()
            .collect()
    };
    let before = rules_reported(dir.path(), Some("../wire_json.yaml"));
    for rule in [
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
    ] {
        assert!(
            before.iter().any(|r| r == rule),
            "{rule} not reported before --fix: {before:?}"
        );
    }
    fix(dir.path());
    let after = rules_reported(dir.path(), Some("../wire_json.yaml"));
    assert_eq!(reserved_rules(&after), Vec::<String>::new());
    assert!(!after.iter().any(|rule| rule == "COMPILE"), "{after:?}");
    let file_category = rules_reported(dir.path(), None);
    assert_eq!(
        file_category
            .iter()
            .filter(|rule| *rule == "FIELD_NO_DELETE")
            .count(),
        4,
        "{file_category:?}"
    );
    assert!(
        file_category
            .iter()
            .any(|rule| rule == "ENUM_VALUE_NO_DELETE"),
        "{file_category:?}"
    );
}

#[cfg(unix)]
#[test]
fn file_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    // 0666 would lose its write bits to the usual umasks if the mode came from a new file.
    for mode in [0o640, 0o666] {
        let dir = tempfile::tempdir().unwrap();
        two_versions(dir.path(), PREVIOUS, CURRENT);
        let file = dir.path().join(FILE);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        fix(dir.path());
        assert_eq!(read(dir.path()), FIXED);
        let kept = std::fs::metadata(&file).unwrap().permissions().mode() & 0o7777;
        assert_eq!(kept, mode, "{kept:o} instead of {mode:o}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_source_is_fixed_where_it_lives() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), PREVIOUS, CURRENT);
    let real = dir.path().join("elsewhere/user.proto");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::rename(dir.path().join(FILE), &real).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join(FILE)).unwrap();
    let output = fix(dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(dir.path().join(FILE))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink was replaced by a file"
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), FIXED);
}

/// One step of a line diff.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Same(&'a str),
    Added(&'a str),
    Removed(&'a str),
}

/// A longest-common-subsequence diff of two line lists.
fn diff_lines<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Step<'a>> {
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut steps) = (0, 0, Vec::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            steps.push(Step::Same(old[i]));
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            steps.push(Step::Added(new[j]));
            j += 1;
        } else {
            steps.push(Step::Removed(old[i]));
            i += 1;
        }
    }
    steps
}

/// If `new` is `old` with one run of text inserted, that text.
fn inserted_into<'a>(old: &str, new: &'a str) -> Option<&'a str> {
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix + suffix == old.len()).then(|| &new[prefix..new.len() - suffix])
}

/// Undoes a fix: drops the added `reserved` lines and takes the items added to existing
/// `reserved` lines back out. Fails if the fix did anything but insert.
fn undo_fix(original: &str, fixed: &str) -> String {
    let old: Vec<&str> = original.split_inclusive('\n').collect();
    let new: Vec<&str> = fixed.split_inclusive('\n').collect();
    let mut undone = String::new();
    let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let steps = diff_lines(&old, &new);
    for step in steps.iter().chain([&Step::Same("")]) {
        match step {
            Step::Added(line) => added.push(line),
            Step::Removed(line) => removed.push(line),
            Step::Same(line) => {
                // The end of a hunk: each removed line must come back as itself with
                // `, items` inserted, and every other added line be a new statement.
                for line in removed.drain(..) {
                    let position = added
                        .iter()
                        .position(|new| {
                            line.trim_start().starts_with("reserved ")
                                && inserted_into(line, new).is_some_and(|t| t.starts_with(", "))
                        })
                        .unwrap_or_else(|| panic!("{line:?} was changed, not added to"));
                    added.remove(position);
                    undone.push_str(line);
                }
                for line in added.drain(..) {
                    let statement = line.trim();
                    assert!(
                        statement.starts_with("reserved ") && statement.ends_with(';'),
                        "a line that is not a reserved statement was added: {line:?}"
                    );
                }
                undone.push_str(line);
            }
        }
    }
    undone
}

#[test]
fn the_fix_only_inserts_and_undoing_it_gives_the_original_back() {
    // Without the one-line `message Empty {}`, which the fix has to open up.
    let previous = PREVIOUS.replace("message Empty {\n  int32 gone = 1;\n}\n", "");
    let current = CURRENT.replace("message Empty {}\n", "");
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), &previous, &current);
    fix(dir.path());
    let fixed = read(dir.path());
    assert_ne!(fixed, current, "nothing was fixed");
    let steps = diff_lines(
        &current.split_inclusive('\n').collect::<Vec<_>>(),
        &fixed.split_inclusive('\n').collect::<Vec<_>>(),
    );
    let added = steps.iter().filter(|s| matches!(s, Step::Added(_))).count();
    let removed = steps
        .iter()
        .filter(|s| matches!(s, Step::Removed(_)))
        .count();
    // Two lines changed (the existing reserved statements), eight new statements.
    assert_eq!((added, removed), (10, 2), "{steps:#?}");
    assert_eq!(undo_fix(&current, &fixed), current);
}

#[test]
fn a_deleted_name_now_used_by_another_field_reserves_only_the_number() {
    let previous = "syntax = \"proto3\";\npackage acme.users.v1;\nmessage User {\n  int32 id = 1;\n  string name = 2;\n}\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_ADMIN = 1;\n}\n";
    let current = "syntax = \"proto3\";\npackage acme.users.v1;\nmessage User {\n  int32 id = 1;\n  string name = 3;\n}\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_ADMIN = 2;\n}\n";
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), previous, current);
    let output = fix(dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        read(dir.path()),
        "syntax = \"proto3\";\npackage acme.users.v1;\nmessage User {\n  reserved 2;\n  int32 id = 1;\n  string name = 3;\n}\nenum Role {\n  reserved 1;\n  ROLE_UNSPECIFIED = 0;\n  ROLE_ADMIN = 2;\n}\n"
    );
    let rules = rules_reported(dir.path(), None);
    assert!(!rules.iter().any(|r| r == "COMPILE"), "{rules:?}");
}

#[test]
fn a_number_now_inside_an_extension_range_is_not_reserved() {
    let previous = "syntax = \"proto2\";\npackage acme.users.v1;\nmessage User {\n  optional int32 id = 1;\n  optional int32 score = 150;\n}\n";
    let current = "syntax = \"proto2\";\npackage acme.users.v1;\nmessage User {\n  optional int32 id = 1;\n  extensions 100 to 200;\n}\n";
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), previous, current);
    fix(dir.path());
    assert_eq!(
        read(dir.path()),
        current.replace(
            "message User {\n",
            "message User {\n  reserved \"score\";\n"
        )
    );
    let rules = rules_reported(dir.path(), None);
    assert!(!rules.iter().any(|r| r == "COMPILE"), "{rules:?}");
}

#[test]
fn new_statements_follow_the_file_s_line_endings_and_indentation() {
    let previous = "syntax = \"proto3\";\r\npackage acme.users.v1;\r\nmessage User {\r\n\tint32 id = 1;\r\n\tstring name = 2;\r\n\tmessage Inner { int32 a = 1; int32 b = 2; }\r\n}\r\n";
    let current = "syntax = \"proto3\";\r\npackage acme.users.v1;\r\nmessage User {\r\n\tint32 id = 1;\r\n\tmessage Inner { int32 a = 1; }\r\n}\r\n";
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path(), previous, current);
    fix(dir.path());
    assert_eq!(
        read(dir.path()),
        "syntax = \"proto3\";\r\npackage acme.users.v1;\r\nmessage User {\r\n\treserved 2;\r\n\treserved \"name\";\r\n\tint32 id = 1;\r\n\tmessage Inner { reserved 2; reserved \"b\"; int32 a = 1; }\r\n}\r\n"
    );
}
