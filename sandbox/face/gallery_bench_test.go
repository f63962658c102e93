package face

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	capface "biokiosk/capture/face"
)

// BenchmarkSearch100k is a 1:N search over 100 000 random templates.
func BenchmarkSearch100k(b *testing.B) {
	e := &Engine{gallery: map[string]galleryEntry{}}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 100000; i++ {
		v := make([]float32, capface.EmbeddingSize)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		e.Put(fmt.Sprintf("%024x", i), "k", normalised(v))
	}
	q := normalised(append([]float32(nil), e.gallery[fmt.Sprintf("%024x", 7)].emb...))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ms := e.Search("k", q, ""); len(ms) != 1 {
			b.Fatalf("%d matches", len(ms))
		}
	}
}

func normalised(v []float32) Embedding {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	n := float32(math.Sqrt(s))
	for i := range v {
		v[i] /= n
	}
	return v
}
