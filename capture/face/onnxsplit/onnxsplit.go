// Package onnxsplit cuts an ONNX model in two at one tensor, so that a
// network too slow for one camera frame can run its halves on two
// consecutive frames with exactly the result of the whole.
//
// It edits the model's protobuf directly (ModelProto.graph: node,
// initializer, input, output) and leaves everything else as it was.
package onnxsplit

import (
	"errors"
	"fmt"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
)

// ModelProto, GraphProto, NodeProto, TensorProto and ValueInfoProto field
// numbers (onnx.proto).
const (
	modelGraph       = 7
	graphNode        = 1
	graphInitializer = 5
	graphInput       = 11
	graphOutput      = 12
	nodeInput        = 1
	nodeOutput       = 2
	tensorName       = 8
	valueInfoName    = 1
	valueInfoType    = 2
	typeTensor       = 1
	tensorElemType   = 1
	tensorShape      = 2
	shapeDim         = 1
	dimValue         = 1
	elemFloat        = 1
)

// field is one protobuf field, kept raw.
type field struct {
	num protowire.Number
	raw []byte // the whole field: tag and value
	val []byte // a length-delimited field's value (nil otherwise)
}

func parse(b []byte) ([]field, error) {
	var out []field
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil, protowire.ParseError(m)
		}
		f := field{num: num, raw: b[:n+m]}
		if typ == protowire.BytesType {
			f.val, _ = protowire.ConsumeBytes(b[n:])
		}
		out = append(out, f)
		b = b[n+m:]
	}
	return out, nil
}

func strings(fs []field, num protowire.Number) []string {
	var out []string
	for _, f := range fs {
		if f.num == num {
			out = append(out, string(f.val))
		}
	}
	return out
}

// node is one graph node's inputs and outputs and its raw field.
type node struct {
	raw      []byte
	ins, out []string
}

// Split cuts model at the tensor named cut: the first model computes cut
// from the model's inputs; the second computes the model's outputs from
// cut, which it takes as its input of the given shape (float). Nodes keep
// their order; each model keeps the initializers its nodes use. It fails
// when a node after the cut needs another tensor made before it.
func Split(model []byte, cut string, shape []int64) (first, second []byte, err error) {
	top, err := parse(model)
	if err != nil {
		return nil, nil, fmt.Errorf("onnxsplit: model: %w", err)
	}
	gi := -1
	for i, f := range top {
		if f.num == modelGraph {
			gi = i
		}
	}
	if gi < 0 {
		return nil, nil, errors.New("onnxsplit: the model has no graph")
	}
	graph, err := parse(top[gi].val)
	if err != nil {
		return nil, nil, fmt.Errorf("onnxsplit: graph: %w", err)
	}
	g, err := parseGraph(graph)
	if err != nil {
		return nil, nil, err
	}
	at, err := cutAt(g.nodes, cut)
	if err != nil {
		return nil, nil, err
	}
	cutInfo := valueInfo(cut, shape)
	firstGraph := assemble(g.rest, g.nodes[:at+1], g.inits, g.inputs, []field{{raw: protowire.AppendBytes(protowire.AppendTag(nil, graphOutput, protowire.BytesType), cutInfo)}})
	secondGraph := assemble(g.rest, g.nodes[at+1:], g.inits, []field{{raw: protowire.AppendBytes(protowire.AppendTag(nil, graphInput, protowire.BytesType), cutInfo)}}, g.outputs)
	return withGraph(top, gi, firstGraph), withGraph(top, gi, secondGraph), nil
}

// graphParts is a graph's fields sorted by what they are.
type graphParts struct {
	nodes []node
	// inits are the initializers' raw fields by tensor name.
	inits           map[string][]byte
	inputs, outputs []field
	rest            []field // the graph's other fields (name, value_info, …)
}

// parseGraph sorts a graph's fields into nodes, initializers, inputs,
// outputs and the rest, each in its order.
func parseGraph(graph []field) (graphParts, error) {
	g := graphParts{inits: map[string][]byte{}}
	for _, f := range graph {
		switch f.num {
		case graphNode:
			fs, err := parse(f.val)
			if err != nil {
				return g, fmt.Errorf("onnxsplit: node: %w", err)
			}
			g.nodes = append(g.nodes, node{raw: f.raw, ins: strings(fs, nodeInput), out: strings(fs, nodeOutput)})
		case graphInitializer:
			fs, err := parse(f.val)
			if err != nil {
				return g, fmt.Errorf("onnxsplit: initializer: %w", err)
			}
			if n := strings(fs, tensorName); len(n) == 1 {
				g.inits[n[0]] = f.raw
			}
		case graphInput:
			g.inputs = append(g.inputs, f)
		case graphOutput:
			g.outputs = append(g.outputs, f)
		default:
			g.rest = append(g.rest, f)
		}
	}
	return g, nil
}

// cutAt is the index of the (last) node that makes cut. It fails when
// none does, or when a node after it needs another tensor made up to it.
func cutAt(nodes []node, cut string) (int, error) {
	at := -1
	for i, n := range nodes {
		if slices.Contains(n.out, cut) {
			at = i
		}
	}
	if at < 0 {
		return 0, fmt.Errorf("onnxsplit: no node makes %q", cut)
	}
	made := map[string]bool{}
	for _, n := range nodes[:at+1] {
		for _, o := range n.out {
			made[o] = true
		}
	}
	for _, n := range nodes[at+1:] {
		for _, in := range n.ins {
			if in != cut && made[in] {
				return 0, fmt.Errorf("onnxsplit: %q is needed after the cut at %q", in, cut)
			}
		}
	}
	return at, nil
}

// valueInfo is a float tensor's ValueInfoProto (shape nil: unknown).
func valueInfo(name string, shape []int64) []byte {
	var shp []byte
	for _, d := range shape {
		shp = protowire.AppendTag(shp, shapeDim, protowire.BytesType)
		shp = protowire.AppendBytes(shp, protowire.AppendVarint(protowire.AppendTag(nil, dimValue, protowire.VarintType), uint64(d)))
	}
	tt := protowire.AppendVarint(protowire.AppendTag(nil, tensorElemType, protowire.VarintType), elemFloat)
	if shape != nil {
		tt = protowire.AppendBytes(protowire.AppendTag(tt, tensorShape, protowire.BytesType), shp)
	}
	typ := protowire.AppendBytes(protowire.AppendTag(nil, typeTensor, protowire.BytesType), tt)
	b := protowire.AppendString(protowire.AppendTag(nil, valueInfoName, protowire.BytesType), name)
	return protowire.AppendBytes(protowire.AppendTag(b, valueInfoType, protowire.BytesType), typ)
}

// assemble writes a graph of nodes with the initializers they use; inputs
// that are initializers are kept only where used.
func assemble(rest []field, nodes []node, inits map[string][]byte, inputs, outputs []field) []byte {
	used := map[string]bool{}
	var b []byte
	for _, n := range nodes {
		b = append(b, n.raw...)
		for _, in := range n.ins {
			used[in] = true
		}
	}
	for _, f := range rest {
		b = append(b, f.raw...)
	}
	seen := map[string]bool{}
	for _, n := range nodes {
		for _, in := range n.ins {
			if r, ok := inits[in]; ok && !seen[in] {
				seen[in] = true
				b = append(b, r...)
			}
		}
	}
	for _, f := range inputs {
		if fs, err := parse(f.val); err == nil && f.val != nil {
			if n := strings(fs, valueInfoName); len(n) == 1 {
				if _, isInit := inits[n[0]]; isInit && !used[n[0]] {
					continue
				}
			}
		}
		b = append(b, f.raw...)
	}
	for _, f := range outputs {
		b = append(b, f.raw...)
	}
	return b
}

// withGraph is the model with its graph field replaced.
func withGraph(top []field, gi int, graph []byte) []byte {
	var b []byte
	for i, f := range top {
		if i == gi {
			b = protowire.AppendBytes(protowire.AppendTag(b, modelGraph, protowire.BytesType), graph)
			continue
		}
		b = append(b, f.raw...)
	}
	return b
}
