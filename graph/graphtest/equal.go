package graphtest

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

var timeType = reflect.TypeOf(time.Time{})

// Diff returns "" when got equals want under the suite's round-trip contract, and otherwise a
// description of the first difference. Times must be Equal and, when set, in UTC; nil and empty
// slices and maps are equivalent; everything else is compared exactly.
func Diff(want, got any) string {
	return diff("", reflect.ValueOf(want), reflect.ValueOf(got))
}

// RequireEqual fails t at once when got differs from want (see Diff).
func RequireEqual(t testing.TB, want, got any) {
	t.Helper()
	if d := Diff(want, got); d != "" {
		t.Fatalf("mismatch: %s", d)
	}
}

func diff(path string, w, g reflect.Value) string {
	if !w.IsValid() || !g.IsValid() {
		if w.IsValid() != g.IsValid() {
			return fmt.Sprintf("%s: want %v, got %v", pathOr(path), w, g)
		}
		return ""
	}
	if w.Type() != g.Type() {
		return fmt.Sprintf("%s: want type %s, got %s", pathOr(path), w.Type(), g.Type())
	}
	if w.Type() == timeType {
		wt, gt := w.Interface().(time.Time), g.Interface().(time.Time)
		if !wt.Equal(gt) {
			return fmt.Sprintf("%s: want time %s, got %s", pathOr(path), wt.Format(time.RFC3339Nano), gt.Format(time.RFC3339Nano))
		}
		if !gt.IsZero() && gt.Location() != time.UTC {
			return fmt.Sprintf("%s: time %s is not in UTC", pathOr(path), gt)
		}
		return ""
	}
	switch w.Kind() {
	case reflect.Struct:
		for i := 0; i < w.NumField(); i++ {
			f := w.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if d := diff(path+"."+f.Name, w.Field(i), g.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if w.Len() != g.Len() {
			return fmt.Sprintf("%s: want %d elements %v, got %d %v", pathOr(path), w.Len(), w.Interface(), g.Len(), g.Interface())
		}
		for i := 0; i < w.Len(); i++ {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if w.Len() != g.Len() {
			return fmt.Sprintf("%s: want %d entries %v, got %d %v", pathOr(path), w.Len(), w.Interface(), g.Len(), g.Interface())
		}
		for _, k := range w.MapKeys() {
			gv := g.MapIndex(k)
			if !gv.IsValid() {
				return fmt.Sprintf("%s: missing key %v", pathOr(path), k)
			}
			if d := diff(fmt.Sprintf("%s[%v]", path, k), w.MapIndex(k), gv); d != "" {
				return d
			}
		}
		return ""
	case reflect.Pointer, reflect.Interface:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				return fmt.Sprintf("%s: want nil=%v, got nil=%v", pathOr(path), w.IsNil(), g.IsNil())
			}
			return ""
		}
		return diff(path, w.Elem(), g.Elem())
	}
	if !reflect.DeepEqual(w.Interface(), g.Interface()) {
		return fmt.Sprintf("%s: want %#v, got %#v", pathOr(path), w.Interface(), g.Interface())
	}
	return ""
}

func pathOr(p string) string {
	if p == "" {
		return "value"
	}
	return p
}
