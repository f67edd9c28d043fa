// go units for the benchmark corpus (see ../templates.ts for the markers).
import type { LanguageTemplates } from '../templates';

export const go: LanguageTemplates = {
  languageId: 'go',
  extension: 'go',
  header: `package inventory

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
)

`,
  units: [
    `// Store§ keeps items in memory, keyed by id.
type Store§ struct {
	items map[string]Item§
	order []string
}

type Item§ struct {
	ID    string   \`json:"id"\`
	Name  string   \`json:"name"\`
	Price float64  \`json:"price"\`
	Tags  []string \`json:"tags"\`
}

func (s *Store§) Load(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	var items []Item§
	if err := json.Unmarshal(data, &items); err != nil {
		return 0, err
	}
	for _, item := range items {
		s.items[item.ID] = item
		¦
		s.order = append(s.order, item.ID)
	}
	return len(items), nil
}

func (s *Store§) Total(tag string) float64 {
	total := 0.0
	for _, id := range s.order {
		item := s.items[id]
		if tag != "" && !contains(item.Tags, tag) {
			continue
		}
		total += item.Price¦
	}
	return total
}

`,
    `func SortedNames§(items []Item§) []string {
	names := make([]string, 0, len(items))
	for _, item := range items {
		names = append(names, strings.ToLower(¦item.Name))
	}
	sort.Strings(names)
	return names
}

var ErrNotFound§ = errors.New("item not found")

func (s *Store§) Find(id string) (Item§, error) {
	item, ok := s.items[id]
	if !ok {
		¦
		return Item§{}, ErrNotFound§
	}
	return item, nil
}

`,
  ],
  typed: 'count := len(s.items) + 1',
  answer: ['checked := validateInput(value)', 'log.Printf("checked %v", checked)'],
};
