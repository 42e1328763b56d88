//! The tera templates of the generated crate: built in (embedded in the binary), overridable
//! by file name from `--templates DIR`, and listed with their output paths by `manifest.tera`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tera::{Context, ErrorKind, Tera};

use super::context::TemplateContext;
use super::output_path::check_output_path;
use crate::error::ToolError;
use crate::workspace::write::write_atomically;

/// The template that lists every other template and the path it renders to.
pub const MANIFEST: &str = "manifest.tera";

/// The built-in templates, by file name.
pub const BUILT_IN: &[(&str, &str)] = &[
    (MANIFEST, include_str!("../../templates/manifest.tera")),
    (
        "Cargo.toml.tera",
        include_str!("../../templates/Cargo.toml.tera"),
    ),
    (
        "gitignore.tera",
        include_str!("../../templates/gitignore.tera"),
    ),
    (
        "README.md.tera",
        include_str!("../../templates/README.md.tera"),
    ),
    ("lib.rs.tera", include_str!("../../templates/lib.rs.tera")),
    ("main.rs.tera", include_str!("../../templates/main.rs.tera")),
    (
        "flags.rs.tera",
        include_str!("../../templates/flags.rs.tera"),
    ),
    (
        "services.rs.tera",
        include_str!("../../templates/services.rs.tera"),
    ),
    ("auth.rs.tera", include_str!("../../templates/auth.rs.tera")),
    (
        "deadline.rs.tera",
        include_str!("../../templates/deadline.rs.tera"),
    ),
    (
        "logging.rs.tera",
        include_str!("../../templates/logging.rs.tera"),
    ),
    (
        "shutdown.rs.tera",
        include_str!("../../templates/shutdown.rs.tera"),
    ),
    (
        "client_tests.rs.tera",
        include_str!("../../templates/client_tests.rs.tera"),
    ),
];

/// One rendered template.
pub struct RenderedFile {
    /// Relative to `--out`.
    pub path: String,
    pub contents: String,
    /// Marked `scaffold` in the manifest: a starting point the user takes over by editing it.
    pub scaffold: bool,
}

/// The templates in use, and where each came from (for error messages).
pub struct TemplateSet {
    tera: Tera,
    /// Template name → what errors call it (`built-in main.rs.tera`, or the user's file).
    origins: BTreeMap<String, String>,
}

impl TemplateSet {
    /// The built-ins, with every file of `overrides` (if given) replacing the built-in of
    /// the same name or adding a new template.
    pub fn load(overrides: Option<&Path>) -> Result<TemplateSet, ToolError> {
        let mut sources: BTreeMap<String, (String, String)> = BUILT_IN
            .iter()
            .map(|(name, source)| {
                let origin = format!("built-in {name}");
                (name.to_string(), (source.to_string(), origin))
            })
            .collect();
        if let Some(dir) = overrides {
            for (name, source, origin) in read_override_dir(dir)? {
                sources.insert(name, (source, origin));
            }
        }
        let mut tera = Tera::new();
        // The outputs are Rust, TOML and Markdown: nothing is HTML-escaped.
        tera.autoescape_on(Vec::<&str>::new());
        let origins: BTreeMap<String, String> = sources
            .iter()
            .map(|(name, (_, origin))| (name.clone(), origin.clone()))
            .collect();
        tera.add_raw_templates(sources.iter().map(|(name, (source, _))| (name, source)))
            .map_err(|e| ToolError::new(describe_error(&e, &origins)))?;
        Ok(TemplateSet { tera, origins })
    }

    /// Renders the manifest, then each template it lists, in manifest order.
    pub fn render_all(&self, context: &TemplateContext) -> Result<Vec<RenderedFile>, ToolError> {
        let context = Context::from_serialize(context)
            .map_err(|e| ToolError::new(format!("cannot build the template context: {e}")))?;
        let manifest = self.render(MANIFEST, &context)?;
        let entries = parse_manifest(&manifest).map_err(|(line, why)| {
            ToolError::new(format!(
                "{}: rendered line {line}: {why}",
                self.origin(MANIFEST)
            ))
        })?;
        let mut rendered = Vec::new();
        for entry in entries {
            if !self.origins.contains_key(&entry.template) {
                return Err(ToolError::new(format!(
                    "{}: rendered line {}: no template named `{}`",
                    self.origin(MANIFEST),
                    entry.line,
                    entry.template
                )));
            }
            let contents = self.render(&entry.template, &context)?;
            rendered.push(RenderedFile {
                path: entry.path,
                contents,
                scaffold: entry.scaffold,
            });
        }
        Ok(rendered)
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, ToolError> {
        self.tera
            .render(name, context)
            .map_err(|e| ToolError::new(describe_error(&e, &self.origins)))
    }

    fn origin(&self, name: &str) -> String {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// Reads every regular file of `dir` as a template named after the file.
fn read_override_dir(dir: &Path) -> Result<Vec<(String, String, String)>, ToolError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ToolError::new(format!("{}: cannot read templates: {e}", dir.display())))?;
    let built_in: BTreeSet<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
    let mut templates = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            ToolError::new(format!("{}: cannot read templates: {e}", dir.display()))
        })?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let source = std::fs::read_to_string(&path).map_err(|e| {
            ToolError::new(format!("{}: cannot read template: {e}", path.display()))
        })?;
        if !built_in.contains(name.as_str())
            && let Some(close) = built_in
                .iter()
                .find(|known| strsim::levenshtein(known, &name) <= 2)
        {
            eprintln!(
                "protogate: warning: {} overrides no built-in template; did you mean {close}?",
                path.display()
            );
        }
        templates.push((name, source, path.display().to_string()));
    }
    Ok(templates)
}

/// One line of the rendered manifest.
#[derive(Debug, PartialEq, Eq)]
struct ManifestEntry {
    template: String,
    path: String,
    scaffold: bool,
    line: usize,
}

/// The manifest flag of files the user takes over once edited.
const SCAFFOLD_FLAG: &str = "scaffold";

/// Parses `TEMPLATE  OUTPUT_PATH  [scaffold]` lines; blank lines and `#` comments are
/// skipped. Errors carry the 1-based line number.
fn parse_manifest(text: &str) -> Result<Vec<ManifestEntry>, (usize, String)> {
    let mut entries: Vec<ManifestEntry> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (template, path, scaffold) = match fields.as_slice() {
            [template, path] => (template, path, false),
            [template, path, flag] if *flag == SCAFFOLD_FLAG => (template, path, true),
            _ => {
                return Err((
                    line_number,
                    format!("expected `TEMPLATE OUTPUT_PATH [{SCAFFOLD_FLAG}]`, found `{line}`"),
                ));
            }
        };
        check_output_path(path).map_err(|why| (line_number, why))?;
        if let Some(earlier) = entries.iter().find(|e| e.path == *path) {
            return Err((
                line_number,
                format!("{path} is already rendered by line {}", earlier.line),
            ));
        }
        entries.push(ManifestEntry {
            template: template.to_string(),
            path: path.to_string(),
            scaffold,
            line: line_number,
        });
    }
    Ok(entries)
}

/// A tera error as `FILE:LINE:COLUMN: message`, naming the user's file for overrides.
fn describe_error(error: &tera::Error, origins: &BTreeMap<String, String>) -> String {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    let mut message = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            format!(
                "{}:{}:{}: template error: {}",
                origin(report.filename()),
                span.start_line,
                span.start_col + 1,
                report.message()
            )
        }
        ErrorKind::TemplateNotFound(name) => format!("template error: no template named `{name}`"),
        ErrorKind::MissingParent { current, parent } => format!(
            "{}: template error: extends `{parent}`, which does not exist",
            origin(current)
        ),
        ErrorKind::CircularInclude { tpl, include_chain } => format!(
            "{}: template error: includes itself through {}",
            origin(tpl),
            include_chain.join(" -> ")
        ),
        other => format!("template error: {other}"),
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// Writes the built-in templates into `dir` to start from. Existing files are kept unless
/// `force`. Returns the paths written.
pub fn print_templates(dir: &Path, force: bool) -> Result<Vec<String>, ToolError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| ToolError::new(format!("{}: cannot create: {e}", dir.display())))?;
    let existing: Vec<String> = BUILT_IN
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        return Err(ToolError::new(format!(
            "refusing to overwrite existing templates (pass --force to replace them): {}",
            existing.join(", ")
        )));
    }
    let mut written = Vec::new();
    for (name, source) in BUILT_IN {
        let path = dir.join(name);
        write_atomically(&path, source.as_bytes())?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_manifest() {
        let entries =
            parse_manifest("# comment\n\nlib.rs.tera   src/lib.rs\nx.tera src/x.rs scaffold\n")
                .unwrap();
        assert_eq!(
            entries,
            vec![
                ManifestEntry {
                    template: "lib.rs.tera".to_string(),
                    path: "src/lib.rs".to_string(),
                    scaffold: false,
                    line: 3,
                },
                ManifestEntry {
                    template: "x.tera".to_string(),
                    path: "src/x.rs".to_string(),
                    scaffold: true,
                    line: 4,
                }
            ]
        );
    }

    #[test]
    fn manifest_errors_name_the_line() {
        assert_eq!(parse_manifest("a.tera\n").unwrap_err().0, 1);
        assert_eq!(parse_manifest("a.tera a.rs once\n").unwrap_err().0, 1);
        let escape = parse_manifest("a.tera ok.rs\nb.tera ../evil.rs\n").unwrap_err();
        assert_eq!(escape.0, 2);
        assert!(escape.1.contains(".."), "{}", escape.1);
        let absolute = parse_manifest("b.tera /tmp/evil.rs\n").unwrap_err();
        assert!(absolute.1.contains("absolute"), "{}", absolute.1);
        let twice = parse_manifest("a.tera x.rs\nb.tera x.rs\n").unwrap_err();
        assert!(twice.1.contains("line 1"), "{}", twice.1);
    }

    #[test]
    fn every_built_in_template_parses() {
        TemplateSet::load(None).unwrap();
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.rs.tera"), "fn main() {}\n{% if %}\n").unwrap();
        let error = TemplateSet::load(Some(dir.path()))
            .err()
            .unwrap()
            .to_string();
        let file = dir.path().join("main.rs.tera").display().to_string();
        assert!(error.starts_with(&format!("{file}:2:")), "{error}");
    }
}
