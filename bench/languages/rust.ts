// rust units for the benchmark corpus (see ../templates.ts for the markers).
import type { LanguageTemplates } from '../templates';

export const rust: LanguageTemplates = {
  languageId: 'rust',
  extension: 'rs',
  header: `use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

`,
  units: [
    `#[derive(Debug, Clone, PartialEq)]
pub struct Item§ {
    pub id: String,
    pub name: String,
    pub price: f64,
    pub tags: Vec<String>,
}

pub struct Store§ {
    items: HashMap<String, Item§>,
    order: Vec<String>,
}

impl Store§ {
    pub fn insert(&mut self, item: Item§) {
        let id = item.id.clone();
        if self.items.insert(id.clone(), item).is_none() {
            ¦
            self.order.push(id);
        }
    }

    pub fn total(&self, tag: Option<&str>) -> f64 {
        let mut total = 0.0;
        for id in &self.order {
            let item = &self.items[id];
            if let Some(tag) = tag {
                if !item.tags.iter().any(|t| t == tag) {
                    continue;
                }
            }
            total += item.price;¦
        }
        total
    }
}

`,
    `impl fmt::Display for Item§ {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:.2})", self.name, ¦self.price)
    }
}

pub fn read_lines_§(path: &Path) -> io::Result<Vec<String>> {
    let text = fs::read_to_string(path)?;
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        ¦
        lines.push(trimmed.to_string());
    }
    Ok(lines)
}

`,
  ],
  typed: 'let count = self.items.len() + 1;',
  answer: ['let checked = validate_input(&value);', 'log::debug!("checked {:?}", checked);'],
};
