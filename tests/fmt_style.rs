//! The layout `protogate fmt` gives, case by case. Each expected text is what `buf format`
//! (1.75) prints for the input, so a team moving from buf sees no churn.

use protogate::fmt::format_source;

/// (name, input, expected output).
const CASES: &[(&str, &str, &str)] = &[
    (
        "header_order_and_option_sorting",
        r#"// Copyright

syntax = "proto2";

// The package.
package p.q;

// leading import
import "a.proto";
import  "x.proto" ; // trailing import

// detached

// leading opt
option java_multiple_files = true;
option (google.api.resource_definition) = {
  type: "b"
  pattern: "x"
};
option (google.api.resource_definition) = {
  type: "a"
  pattern: "y"
};
option java_package = "com"
  "x";

message G {
  optional group Result = 1 {
    required string url = 2;
  }
  extensions 1000 to max [(declaration) = {number: 1000, full_name: ".a.b"}];
  extensions 5, 6 to 7;
  reserved 2;
  optional int32 d = 3 [default = -1];
  optional float f = 4 [default = inf];
  optional double g = 5 [default = -nan];
  optional int64 h = 6 [default = 10];
  repeated int32 p = 7 [packed=true];
}

enum En {
  option allow_alias = true;
  A = 0;
  B = 1 [deprecated = true, (x) = "y"];
  reserved 10 to 20, 30;
  reserved "C";
}

service Svc {
  option (google.api.default_host) = "example.com";
  option (google.api.oauth_scopes) = "https://a,"
                                     "https://b";
  rpc Get(GetReq)
      returns (GetResp) {
    option (google.api.http) = {
      get: "/v1/{name=x/*}"
      additional_bindings { get: "/v1/y" }
    };
    option (google.api.method_signature) = "name";
  }
  rpc E(A) returns (B) {};
  rpc F(A) returns (B) {
  }
  rpc G(A) returns (B) {
    // only a comment
  }
}
"#,
        r#"// Copyright

syntax = "proto2";

// The package.
package p.q;

// leading import
import "a.proto";
import "x.proto"; // trailing import

// detached

// leading opt
option java_multiple_files = true;
option java_package =
  "com"
  "x";
option (google.api.resource_definition) = {
  type: "b"
  pattern: "x"
};
option (google.api.resource_definition) = {
  type: "a"
  pattern: "y"
};

message G {
  optional group Result = 1 {
    required string url = 2;
  }
  extensions 1000 to max [(declaration) = {
    number: 1000
    full_name: ".a.b"
  }];
  extensions 5, 6 to 7;
  reserved 2;
  optional int32 d = 3 [default = -1];
  optional float f = 4 [default = inf];
  optional double g = 5 [default = -nan];
  optional int64 h = 6 [default = 10];
  repeated int32 p = 7 [packed = true];
}

enum En {
  option allow_alias = true;
  A = 0;
  B = 1 [
    deprecated = true,
    (x) = "y"
  ];
  reserved 10 to 20, 30;
  reserved "C";
}

service Svc {
  option (google.api.default_host) = "example.com";
  option (google.api.oauth_scopes) =
    "https://a,"
    "https://b";
  rpc Get(GetReq) returns (GetResp) {
    option (google.api.http) = {
      get: "/v1/{name=x/*}"
      additional_bindings: {get: "/v1/y"}
    };
    option (google.api.method_signature) = "name";
  }
  rpc E(A) returns (B) {}
  rpc F(A) returns (B) {}
  rpc G(A) returns (B) {
    // only a comment
  }
}
"#,
    ),
    (
        "compact_options_and_message_literals",
        r#"syntax = "proto3";
package p;
message A {}
message B {}
// comment for C
message C {}
enum E { X = 0; }
service S {}
extend google.protobuf.FieldOptions { string foo = 5000; }
message D {
  string name = 1 [(google.api.resource_reference) = {
    type: "a"
    child_type: "b"
  }];
  string n2 = 2 [(a) = { type: "a" }];
  string n3 = 3 [(a) = { b { c: 1 } }];
  string n4 = 4 [(a) = { b { c: 1 d: 2 } }];
  string n5 = 5 [(a) = { b: [] }];
  string n6 = 6 [(a) = { b: [1] }];
  string n7 = 7 [(a) = { b: [{c: 1}] }];
  string n8 = 8 [(a) = {}];
  string n9 = 9 [(a) = "x" "y"];
  string n10 = 10 [(a) = { s: "x" "y" }];
  string n11 = 11 [(a) = { s: "x", t: 1; u: 2 }];
  string n12 = 12 [(a) = { b <c: 1> }];
  string n13 = 13 [(a) = { [foo.bar]: 1 }];
  string n14 = 14 [(a) = { [type.googleapis.com/foo.Bar] { x: 1 } }];
  string n15 = 15 [(a) = { f: -inf g: -1.5e3 h: 0x1F i: 'q' }];
  string n16 = 16 [ (a) = 1 , (b) = 2 ];
  string n17 = 17 [
    // comment
    (a) = 1
  ];
  string n18 = 18 [(a) = 1 /* c */];
  string n19 = 19 [(a) = 1]; // trailing
}
"#,
        r#"syntax = "proto3";
package p;
message A {}
message B {}
// comment for C
message C {}
enum E {
  X = 0;
}
service S {}
extend google.protobuf.FieldOptions {
  string foo = 5000;
}
message D {
  string name = 1 [(google.api.resource_reference) = {
    type: "a"
    child_type: "b"
  }];
  string n2 = 2 [(a) = {type: "a"}];
  string n3 = 3 [(a) = {
    b: {c: 1}
  }];
  string n4 = 4 [(a) = {
    b: {
      c: 1
      d: 2
    }
  }];
  string n5 = 5 [(a) = {
    b: []
  }];
  string n6 = 6 [(a) = {
    b: [1]
  }];
  string n7 = 7 [(a) = {
    b: [
      {c: 1}
    ]
  }];
  string n8 = 8 [(a) = {}];
  string n9 = 9 [(a) =
    "x"
    "y"];
  string n10 = 10 [(a) = {
    s:
      "x"
      "y"
  }];
  string n11 = 11 [(a) = {
    s: "x"
    t: 1
    u: 2
  }];
  string n12 = 12 [(a) = {
    b: {c: 1}
  }];
  string n13 = 13 [(a) = {[foo.bar]: 1}];
  string n14 = 14 [(a) = {
    [type.googleapis.com/foo.Bar]: {x: 1}
  }];
  string n15 = 15 [(a) = {
    f: -inf
    g: -1.5e3
    h: 0x1F
    i: 'q'
  }];
  string n16 = 16 [
    (a) = 1,
    (b) = 2
  ];
  string n17 = 17 [
    // comment
    (a) = 1
  ];
  string n18 = 18 [(a) = 1 /* c */];
  string n19 = 19 [(a) = 1]; // trailing
}
"#,
    ),
    (
        "comments_inside_statements",
        r#"syntax = "proto3";
message M {
  int32 /* a */ x /* b */ = /* c */ 1 /* d */ ; /* e */
  repeated // g
    int32 y = 2;
  int32 z = // h
    3;
  string name = 4 [(google.api.field_behavior) = REQUIRED, // why
                   (b) = 1];
  string n2 = 5 [
    (a) = 1, // one
    (b) = 2  // two
  ];
  string n3 = 6 [
    (a) = 1 // one
  ];
  reserved 1, // one
           2;
  option (x) = { // open
    a: 1
  };
  option (y) = {
    a: 1
    // last
  };
  option (z) = {
    a {
      b: 1 // why
    }
  };
}
enum E {
  A = 0; // a
  B = 1 // b
  ;
}
"#,
        r#"syntax = "proto3";

message M {
  int32 /* a */ x /* b */ = /* c */ 1 /* d */; /* e */
  repeated // g
  int32 y = 2;
  int32 z = // h
  3;
  string name = 4 [
    (google.api.field_behavior) = REQUIRED, // why
    (b) = 1
  ];
  string n2 = 5 [
    (a) = 1, // one
    (b) = 2 // two
  ];
  string n3 = 6 [(a) = 1 /* one */];
  reserved 1, // one
  2;
  option (x) = {
    // open
    a: 1
  };
  option (y) = {
    a: 1
    // last
  };
  option (z) = {
    a: {
      b: 1 // why
    }
  };
}
enum E {
  A = 0; // a
  B = 1 // b
  ;
}
"#,
    ),
    (
        "block_comments_are_reindented",
        r#"syntax = "proto3";

/*
 * File block.
 */

/* one line */
message M {

  // after open brace blank


  int32 a = 1;
      /* block
         continued
            deeper
      */
  int32 b = 2;
/**
Top-level-ish
  indented two
*/
  int32 c = 3;
  /* x */ /* y */
  int32 d = 4;
  // c1

  // c2
  int32 e = 5;

  // end comment
}
message N {
  int32 a = 1;

}
message O {
  int32 a = 1;
  // end

}
"#,
        r#"syntax = "proto3";

/*
 * File block.
 */

/* one line */
message M {
  // after open brace blank

  int32 a = 1;
  /* block
     continued
        deeper
  */
  int32 b = 2;
  /**
     Top-level-ish
       indented two
  */
  int32 c = 3;
  /* x */
  /* y */
  int32 d = 4;
  // c1

  // c2
  int32 e = 5;

  // end comment
}
message N {
  int32 a = 1;
}
message O {
  int32 a = 1;
  // end
}
"#,
    ),
    (
        "comments_around_braces",
        r#"syntax = "proto3";
message Foo { // c
  int32 a = 1;
}
message Bar {

  // only comment
}
message Baz { /* b */ }
option (a) = {a: 1 // c
};
option (b) = { // c
  a: 1
};
option (c) = {
  a: 1 } // after
;
enum E { // c
  A = 0;
}
service S { // s
  rpc A(B) returns (C) { // r
  }
}
"#,
        r#"syntax = "proto3";

option (a) = {
  a: 1 // c
};
option (b) = {
  // c
  a: 1
};
option (c) = {a: 1} /* after */;
message Foo { // c
  int32 a = 1;
}
message Bar {
  // only comment
}
message Baz {
  /* b */
}
enum E { // c
  A = 0;
}
service S { // s
  rpc A(B) returns (C) {
    // r
  }
}
"#,
    ),
    (
        "comment_placements_protoc_describes",
        r#"syntax = "proto2";
message M {
  optional int32 foo = 1;  // Comment attached to foo.
  // Comment attached to bar.
  optional int32 bar = 2;

  optional string baz = 3;
  // Comment attached to baz.
  // Another line attached to baz.

  // Comment attached to qux.
  //
  // Another line attached to qux.
  optional double qux = 4;

  // Detached comment.  This is not attached to qux or corge
  // because there are blank lines separating it from both.

  optional string corge = 5;
  /* Block comment attached
   * to corge.  Leading asterisks
   * will be removed. */
  /* Block comment attached to
   * grault. */
  optional int32 grault = 6;
  optional int32 x = 7; /* block trailing */ // and line
  optional int32 y = 8; // one
  // two
  optional int32 z = 9; /* multi
  line trailing */
  optional int32 w = 10; // w trailing
                         // continues aligned
  optional int32 v = 11;
}
"#,
        r#"syntax = "proto2";

message M {
  optional int32 foo = 1; // Comment attached to foo.
  // Comment attached to bar.
  optional int32 bar = 2;

  optional string baz = 3;
  // Comment attached to baz.
  // Another line attached to baz.

  // Comment attached to qux.
  //
  // Another line attached to qux.
  optional double qux = 4;

  // Detached comment.  This is not attached to qux or corge
  // because there are blank lines separating it from both.

  optional string corge = 5;
  /* Block comment attached
   * to corge.  Leading asterisks
   * will be removed. */
  /* Block comment attached to
   * grault. */
  optional int32 grault = 6;
  optional int32 x = 7; /* block trailing */ // and line
  optional int32 y = 8; // one
  // two
  optional int32 z = 9; /* multi
     line trailing */
  optional int32 w = 10; // w trailing
  // continues aligned
  optional int32 v = 11;
}
"#,
    ),
    (
        "blank_lines_after_message_values",
        r#"syntax = "proto3";
option (o) = {
  a: 1
  b: 2
  c {
    d: 1
    e { x: 1 }

    f: 2
  }

  g: 1
};
"#,
        r#"syntax = "proto3";

option (o) = {
  a: 1

  b: 2
  c: {
    d: 1

    e: {x: 1}

    f: 2
  }

  g: 1
};
"#,
    ),
    (
        "comments_before_a_closing_brace",
        r#"syntax = "proto3";
message M {
  int32 e = 5;

  // a

  // b

  // c
}
"#,
        r#"syntax = "proto3";

message M {
  int32 e = 5;
  // a
  // b

  // c
}
"#,
    ),
    (
        "groups_extensions_and_lists",
        r#"syntax = "proto2";
package x.y; // pkg
import "google/protobuf/descriptor.proto"; /* block trailing */
extend google.protobuf.FieldOptions {
  optional string foo = 50000; // f
  optional group Bar = 50001 { optional int32 a = 1; }
}
message M {
  option (foo) = "a";


  option deprecated = true;
  oneof choice {
    option (x) = 1;
    group G = 3 {
      optional int32 z = 1;
    }
    string s = 4;
  }
  optional string name = 1 [
    default = "abc",

    // second
    deprecated = true
  ];
  optional string nm = 2 [default = "ab"
                                    "cd"];
  message N { enum E { A = 0; } } // after N
  extensions 100 to 199 [verification = UNVERIFIED];
  extend M { optional int32 ext = 100; }
}
enum Neg {
  NEG = -1;
  ZERO = 0 ;
  reserved -5 to -2 ;
  reserved "FOO" , "BAR";
}
service S {
  rpc Call(M) returns (M) {
    option (x) = {
      a: 1

      b: 2
      c: [
        // first
        1,

        2
      ]
      [ext.name]: { z: 1 }
      d: [ "x", "y" ]
      e: { }
      f: []
    };
  }
}

// EOF comment
"#,
        r#"syntax = "proto2";
package x.y; // pkg

import "google/protobuf/descriptor.proto"; /* block trailing */
extend google.protobuf.FieldOptions {
  optional string foo = 50000; // f
  optional group Bar = 50001 {
    optional int32 a = 1;
  }
}
message M {
  option (foo) = "a";

  option deprecated = true;
  oneof choice {
    option (x) = 1;
    group G = 3 {
      optional int32 z = 1;
    }
    string s = 4;
  }
  optional string name = 1 [
    default = "abc",

    // second
    deprecated = true
  ];
  optional string nm = 2 [default =
    "ab"
    "cd"];
  message N {
    enum E {
      A = 0;
    }
  } // after N
  extensions 100 to 199 [verification = UNVERIFIED];
  extend M {
    optional int32 ext = 100;
  }
}
enum Neg {
  NEG = -1;
  ZERO = 0;
  reserved -5 to -2;
  reserved "FOO", "BAR";
}
service S {
  rpc Call(M) returns (M) {
    option (x) = {
      a: 1

      b: 2
      c: [
        // first
        1,

        2
      ]
      [ext.name]: {z: 1}
      d: [
        "x",
        "y"
      ]
      e: {}
      f: []
    };
  }
}

// EOF comment
"#,
    ),
    (
        "editions",
        r#"edition = "2023";
package e;
option features.field_presence = IMPLICIT;
message M {
  int32 a = 1 [features.field_presence = EXPLICIT];
  reserved foo, bar;
  M m = 2 [features.message_encoding = DELIMITED];
}
"#,
        r#"edition = "2023";
package e;

option features.field_presence = IMPLICIT;
message M {
  int32 a = 1 [features.field_presence = EXPLICIT];
  reserved foo, bar;
  M m = 2 [features.message_encoding = DELIMITED];
}
"#,
    ),
];

#[test]
fn each_case_is_laid_out_as_buf_lays_it_out() {
    let mut failures = Vec::new();
    for (name, input, expected) in CASES {
        match format_source(&format!("{name}.proto"), input) {
            Ok(formatted) if formatted == *expected => {}
            Ok(formatted) => failures.push(format!(
                "{name}:\n{}",
                similar::TextDiff::from_lines(*expected, formatted.as_str())
                    .unified_diff()
                    .header("expected", "formatted")
            )),
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_expected_layout_is_a_fixed_point() {
    for (name, _, expected) in CASES {
        let again = format_source(&format!("{name}.proto"), expected).unwrap();
        assert_eq!(again, *expected, "{name}");
    }
}

#[test]
fn imports_keep_their_order_because_it_is_part_of_the_descriptor() {
    // buf sorts imports; the order of `dependency` in the descriptor would change with them.
    let source = "syntax = \"proto3\";\n\nimport \"b.proto\";\nimport \"a.proto\";\n";
    assert_eq!(format_source("x.proto", source).unwrap(), source);
}

#[test]
fn an_empty_file_stays_empty_and_a_comment_only_file_keeps_its_comments() {
    assert_eq!(format_source("x.proto", "").unwrap(), "");
    assert_eq!(format_source("x.proto", " \n\n").unwrap(), "");
    assert_eq!(
        format_source("x.proto", "// only\n\n\n// comments\n").unwrap(),
        "\n// only\n\n// comments\n"
    );
}
