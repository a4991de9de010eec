package sheet

import (
	"context"
	"fmt"
	"slices"
	"time"

	"jiangxin/graph"
)

// rowRef locates the row a planned record comes from.
type rowRef struct {
	sheet string
	line  int
}

func (r rowRef) wrap(err error) error {
	if r.line == 0 {
		return fmt.Errorf("import: %w", err)
	}
	return fmt.Errorf("sheet %s row %d: %w", r.sheet, r.line, err)
}

// created notes the row of a planned create, for the errors of Options.Authorize.
func (p *planner) created(r *rowCtx, id string) {
	if p.o.Authorize != nil {
		p.createRows[id] = rowRef{sheet: p.tbl.name, line: r.line}
	}
}

// addUpdate plans an update of the record before (as read while planning) by apply.
func addUpdate[T any](p *planner, r *rowCtx, kind Kind, id string, before *T, apply func(*T) error) {
	p.updates = append(p.updates, update{kind: kind, id: id, apply: apply, before: before,
		row: rowRef{sheet: p.tbl.name, line: r.line}})
}

// stamped wraps an update closure so that it also sets UpdatedAt to now, for the kinds that
// have it. Planning (for Options.Authorize) and writing apply updates through it alike.
func stamped(apply any, now time.Time) any {
	switch fn := apply.(type) {
	case func(*graph.Union) error:
		return func(x *graph.Union) error { x.UpdatedAt = now; return fn(x) }
	case func(*graph.Enterprise) error:
		return func(x *graph.Enterprise) error { x.UpdatedAt = now; return fn(x) }
	case func(*graph.Worker) error:
		return func(x *graph.Worker) error { x.UpdatedAt = now; return fn(x) }
	case func(*graph.Studio) error:
		return func(x *graph.Studio) error { x.UpdatedAt = now; return fn(x) }
	case func(*graph.Target) error:
		return func(x *graph.Target) error { x.UpdatedAt = now; return fn(x) }
	}
	return apply // regions carry no timestamps
}

// runUpdate applies an update closure of type func(*T) error to x.
func runUpdate[T any](apply any, x *T) error {
	fn, ok := apply.(func(*T) error)
	if !ok {
		return fmt.Errorf("update %T does not apply to %T", apply, x)
	}
	return fn(x)
}

// after returns a copy of the update's record as planned, with the row applied and UpdatedAt
// set to now, as the write would store it. The copy shares no slices with u.before.
func (u update) after(now time.Time) (any, error) {
	fn := stamped(u.apply, now)
	switch b := u.before.(type) {
	case *graph.Region:
		x := *b
		return &x, runUpdate(fn, &x)
	case *graph.Union:
		x := *b
		return &x, runUpdate(fn, &x)
	case *graph.Enterprise:
		x := *b
		return &x, runUpdate(fn, &x)
	case *graph.Worker:
		x := *b
		x.Roles, x.Skills, x.Honours = slices.Clone(b.Roles), slices.Clone(b.Skills), slices.Clone(b.Honours)
		return &x, runUpdate(fn, &x)
	case *graph.Studio:
		x := *b
		x.MemberIDs, x.SpecialtyCodes, x.Achievements = slices.Clone(b.MemberIDs), slices.Clone(b.SpecialtyCodes), slices.Clone(b.Achievements)
		return &x, runUpdate(fn, &x)
	case *graph.Target:
		x := *b
		return &x, runUpdate(fn, &x)
	}
	return nil, fmt.Errorf("no update for %T", u.before)
}

// authorize asks Options.AuthorizeBatch about the planned creates, then Options.Authorize
// about each planned create and update. The first refusal rejects the whole import.
func (p *planner) authorize(ctx context.Context) error {
	if p.o.AuthorizeBatch != nil && p.creates.Len() > 0 {
		if err := p.o.AuthorizeBatch(ctx, p.creates); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	auth := p.o.Authorize
	if auth == nil {
		return nil
	}
	check := func(id string, after any) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := auth(ctx, nil, after); err != nil {
			return p.createRows[id].wrap(err)
		}
		return nil
	}
	b := &p.creates
	for i := range b.Regions {
		x := b.Regions[i]
		if err := check(x.ID, &x); err != nil {
			return err
		}
	}
	for i := range b.Unions {
		x := b.Unions[i]
		if err := check(x.ID, &x); err != nil {
			return err
		}
	}
	for i := range b.Enterprises {
		x := b.Enterprises[i]
		if err := check(x.ID, &x); err != nil {
			return err
		}
	}
	for i := range b.Workers {
		x := b.Workers[i]
		if err := check(x.ID, &x); err != nil {
			return err
		}
	}
	for i := range b.Studios {
		x := b.Studios[i]
		if err := check(x.ID, &x); err != nil {
			return err
		}
	}
	for i := range b.Targets {
		x := b.Targets[i]
		if err := check(x.ID, &x); err != nil {
			return err
		}
	}
	now := p.svc.Now()
	for _, u := range p.updates {
		if err := ctx.Err(); err != nil {
			return err
		}
		after, err := u.after(now)
		if err != nil {
			return u.row.wrap(fmt.Errorf("update %s %s: %w", u.kind, u.id, err))
		}
		if err := auth(ctx, u.before, after); err != nil {
			return u.row.wrap(err)
		}
	}
	return nil
}
