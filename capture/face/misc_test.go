package face

import "strings"

type stringsBuilder = strings.Builder

func countLines(s string) int { return strings.Count(strings.TrimRight(s, "\n"), "\n") + 1 }
