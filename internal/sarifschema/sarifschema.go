// Package sarifschema validates SARIF logs against the vendored SARIF 2.1.0
// JSON schema; tests of every package that writes SARIF use it.
package sarifschema

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed sarif-schema-2.1.0.json
var schemaJSON []byte

var (
	once     sync.Once
	compiled *jsonschema.Schema
	errInit  error
)

func schema() (*jsonschema.Schema, error) {
	once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
		if err != nil {
			errInit = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if errInit = c.AddResource("sarif-schema-2.1.0.json", doc); errInit != nil {
			return
		}
		compiled, errInit = c.Compile("sarif-schema-2.1.0.json")
	})
	return compiled, errInit
}

// Validate reports why doc is not a valid SARIF 2.1.0 log, or nil.
func Validate(doc []byte) error {
	s, err := schema()
	if err != nil {
		return fmt.Errorf("compiling the SARIF schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	return s.Validate(inst)
}
