package traffic

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"gopkg.in/yaml.v3"
)

// vcrBench returns n copies of the interactions of the Ruby VCR YAML
// sample, its JSON serializer sample and the vcrpy sample, as cassettes.
func vcrBench(b *testing.B, n int) (yml, js, py []byte) {
	b.Helper()
	var y struct {
		HTTPInteractions []yaml.Node `yaml:"http_interactions"`
	}
	if err := yaml.Unmarshal(sample(b, "ruby_vcr_stage_2014.yml"), &y); err != nil {
		b.Fatal(err)
	}
	var yb bytes.Buffer
	yb.WriteString("---\nhttp_interactions:\n")
	for i := 0; i < n; i++ {
		out, _ := yaml.Marshal([]*yaml.Node{&y.HTTPInteractions[i%len(y.HTTPInteractions)]})
		yb.Write(out)
	}
	yb.WriteString("recorded_with: VCR 2.9.0\n")
	var j struct {
		HTTPInteractions []json.RawMessage `json:"http_interactions"`
	}
	if err := json.Unmarshal(sample(b, "ruby_vcr_rails.json"), &j); err != nil {
		b.Fatal(err)
	}
	all := make([]json.RawMessage, n)
	for i := range all {
		all[i] = j.HTTPInteractions[i%len(j.HTTPInteractions)]
	}
	js, _ = json.Marshal(map[string]any{"http_interactions": all, "recorded_with": "VCR 2.9.3"})
	var p struct {
		Interactions []yaml.Node `yaml:"interactions"`
	}
	if err := yaml.Unmarshal(sample(b, "vcrpy_python_sdk.yaml"), &p); err != nil {
		b.Fatal(err)
	}
	var pb bytes.Buffer
	pb.WriteString("interactions:\n")
	for i := 0; i < n; i++ {
		out, _ := yaml.Marshal([]*yaml.Node{&p.Interactions[i%len(p.Interactions)]})
		pb.Write(out)
	}
	pb.WriteString("version: 1\n")
	return yb.Bytes(), js, pb.Bytes()
}

func benchRead(b *testing.B, data []byte, n int, open func(io.Reader) Reader) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := open(bytes.NewReader(data))
		got := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			got++
		}
		if got != n {
			b.Fatalf("read %d of %d", got, n)
		}
	}
}

// BenchmarkVCR reads 1000 interactions in each new format; the go-vcr
// reader on the go-vcr sample (Baseline) is the yardstick of the YAML ones.
func BenchmarkVCR(b *testing.B) {
	const n = 1000
	yml, js, py := vcrBench(b, n)
	b.Run("RubyYAML", func(b *testing.B) {
		benchRead(b, yml, n, func(r io.Reader) Reader { return NewVCR("b.yml", r, Options{}) })
	})
	b.Run("RubyJSON", func(b *testing.B) {
		benchRead(b, js, n, func(r io.Reader) Reader { return NewVCRJSON("b.json", r, Options{}) })
	})
	b.Run("VCRPy", func(b *testing.B) {
		benchRead(b, py, n, func(r io.Reader) Reader { return NewVCRPy("b.yaml", r, Options{}) })
	})
	b.Run("Baseline/goVCR", func(b *testing.B) {
		var c struct {
			Interactions []yaml.Node `yaml:"interactions"`
		}
		if err := yaml.Unmarshal(sample(b, "samples.yaml"), &c); err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		buf.WriteString("---\nversion: 2\ninteractions:\n")
		for i := 0; i < n; i++ {
			out, _ := yaml.Marshal([]*yaml.Node{&c.Interactions[i%len(c.Interactions)]})
			buf.Write(out)
		}
		benchRead(b, buf.Bytes(), n, func(r io.Reader) Reader { return NewCassette("b.yaml", r, Options{}) })
	})
}
