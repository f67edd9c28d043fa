// python units for the benchmark corpus (see ../templates.ts for the markers).
import type { LanguageTemplates } from '../templates';

export const python: LanguageTemplates = {
  languageId: 'python',
  extension: 'py',
  header: `"""Service layer for the inventory pipeline."""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

logger = logging.getLogger(__name__)

`,
  units: [
    `@dataclass
class Record§:
    name: str
    values: List[int] = field(default_factory=list)
    parent: Optional[Record§] = None

    def total(self) -> int:
        result = 0
        for value in self.values:
            result += value * 3
        ¦
        return result

    def describe(self, prefix: str = "") -> str:
        parts = [prefix, self.name, str(self.total())]
        return " ".join(part for part in parts if part)¦


def load_config_§(path: str, defaults: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Reads settings from a JSON file and fills in the defaults."""
    config = dict(defaults or {})
    if not os.path.exists(path):
        logger.warning("config %s is missing, using defaults", path)
        return config
    with open(path, encoding="utf-8") as handle:
        loaded = json.load(¦handle)
    for key, value in loaded.items():
        if key not in config or value is not None:
            config[key] = value
    return config

`,
    `def merge_sorted_§(left: List[int], right: List[int]) -> List[int]:
    merged: List[int] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    ¦
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged


class Cache§:
    def __init__(self, capacity: int = 128) -> None:
        self.capacity = capacity
        self.items: Dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.items:
            return self.items[key]¦
        return default

`,
  ],
  typed: 'count = len(self.values) + 1',
  answer: ['checked = validate_input(value)', 'logger.debug("checked %s", checked)'],
};
