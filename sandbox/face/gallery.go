package face

import "sort"

// Match is a gallery hit.
type Match struct {
	ID    string
	Score float64
}

// Search returns the group's entries whose face matches emb (at
// Threshold), best first; exclude skips one entry.
func (e *Engine) Search(group string, emb Embedding, exclude string) []Match {
	return e.SearchBy(group, emb, exclude, nil, Threshold)
}

// SearchBy returns the group's entries whose score against emb is at
// least min, best first; score maps the cosine similarity (nil keeps
// it), exclude skips one entry.
func (e *Engine) SearchBy(group string, emb Embedding, exclude string, score func(float64) float64, min float64) []Match {
	e.gmu.RLock()
	defer e.gmu.RUnlock()
	var ms []Match
	for id, g := range e.gallery {
		if g.group != group || id == exclude {
			continue
		}
		s := Dot(emb, g.emb)
		if score != nil {
			s = score(s)
		}
		if s >= min {
			ms = append(ms, Match{id, s})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Score > ms[j].Score })
	return ms
}

// Dot is the cosine similarity of two L2-normalised embeddings (the
// models' output is normalised by capture/face's Embed), unrolled by four.
func Dot(a, b Embedding) float64 {
	if len(a) != len(b) {
		return 0
	}
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return float64(s0 + s1 + s2 + s3)
}

// Template is the embedding enrolled under id.
func (e *Engine) Template(id string) (Embedding, bool) {
	e.gmu.RLock()
	defer e.gmu.RUnlock()
	g, ok := e.gallery[id]
	return g.emb, ok
}

// Put enrols emb under id in group, replacing what id had.
func (e *Engine) Put(id, group string, emb Embedding) {
	e.gmu.Lock()
	defer e.gmu.Unlock()
	e.gallery[id] = galleryEntry{group, emb}
}

// Remove forgets id.
func (e *Engine) Remove(id string) {
	e.gmu.Lock()
	defer e.gmu.Unlock()
	delete(e.gallery, id)
}
