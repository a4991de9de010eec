package sheet

import (
	"context"
	"fmt"

	"jiangxin/graph"
)

// execute writes the plan: regions, unions and enterprises in one batch (they may reference
// each other in any order), then workers, studios and targets in batches, then the updates.
func (p *planner) execute(ctx context.Context, res *Result) error {
	st := p.svc.Store()
	b := p.creates
	total := b.Len() + len(p.updates)
	done := 0
	progress := func() {
		if p.o.Progress != nil {
			p.o.Progress(Progress{Phase: "write", Done: done, Total: total})
		}
	}
	write := func(batch graph.Batch) error {
		if batch.Len() == 0 {
			return nil
		}
		if err := st.Import(ctx, batch); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		done += batch.Len()
		res.Created += batch.Len()
		res.Written = true
		progress()
		return nil
	}
	if err := write(graph.Batch{Regions: b.Regions, Unions: b.Unions, Enterprises: b.Enterprises}); err != nil {
		return err
	}
	n := p.o.BatchSize
	for i := 0; i < len(b.Workers); i += n {
		if err := write(graph.Batch{Workers: b.Workers[i:min(i+n, len(b.Workers))]}); err != nil {
			return err
		}
	}
	for i := 0; i < len(b.Studios); i += n {
		if err := write(graph.Batch{Studios: b.Studios[i:min(i+n, len(b.Studios))]}); err != nil {
			return err
		}
	}
	for i := 0; i < len(b.Targets); i += n {
		if err := write(graph.Batch{Targets: b.Targets[i:min(i+n, len(b.Targets))]}); err != nil {
			return err
		}
	}
	for _, u := range p.updates {
		if err := p.apply(ctx, u); err != nil {
			return fmt.Errorf("update %s %s: %w", u.kind, u.id, err)
		}
		res.Updated++
		res.Written = true
		done++
		if done%500 == 0 {
			progress()
		}
	}
	res.Unchanged = p.rep.Unchanged
	progress()
	return nil
}

func (p *planner) apply(ctx context.Context, u update) error {
	st := p.svc.Store()
	var err error
	switch fn := stamped(u.apply, p.svc.Now()).(type) {
	case func(*graph.Region) error:
		_, err = st.UpdateRegion(ctx, u.id, fn)
	case func(*graph.Union) error:
		_, err = st.UpdateUnion(ctx, u.id, fn)
	case func(*graph.Enterprise) error:
		_, err = st.UpdateEnterprise(ctx, u.id, fn)
	case func(*graph.Worker) error:
		_, err = st.UpdateWorker(ctx, u.id, fn)
	case func(*graph.Studio) error:
		_, err = st.UpdateStudio(ctx, u.id, fn)
	case func(*graph.Target) error:
		_, err = st.UpdateTarget(ctx, u.id, fn)
	default:
		err = fmt.Errorf("no update for %T", u.apply)
	}
	return err
}
