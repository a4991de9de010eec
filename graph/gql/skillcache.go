package gql

import (
	"context"
	"sync"
	"time"

	"jiangxin/graph"
)

// SkillCacheTTL is how long a skill read through the loaders is reused by later requests.
const SkillCacheTTL = time.Minute

// skillCache keeps the skills the loaders read, shared by every request of one handler, so
// that a list of workers with their skills costs one store read instead of two. The skill
// catalogue is reference data: the embedded national occupation classification, which `serve`,
// `import` and `demo` all write unchanged at start-up. An entry is kept for ttl, which bounds how
// stale a skill can be if another process ever rewrites the catalogue. At most one entry per
// skill code is held (about 2,000); codes the store does not know are not kept.
type skillCache struct {
	ttl time.Duration
	now func() time.Time

	mu sync.RWMutex
	m  map[string]skillEntry
}

type skillEntry struct {
	skill graph.Skill
	until time.Time
}

func newSkillCache(ttl time.Duration, now func() time.Time) *skillCache {
	return &skillCache{ttl: ttl, now: now, m: map[string]skillEntry{}}
}

// getMany returns the skills of codes found in the cache or, for the others, in store, in the
// order of codes, skipping unknown codes as Store.GetManySkills does. It returns the store's
// error.
func (c *skillCache) getMany(ctx context.Context, store graph.Store, codes []string) ([]graph.Skill, error) {
	now := c.now()
	found := make(map[string]graph.Skill, len(codes))
	var missing []string
	c.mu.RLock()
	for _, code := range codes {
		if e, ok := c.m[code]; ok && now.Before(e.until) {
			found[code] = e.skill
		} else {
			missing = append(missing, code)
		}
	}
	c.mu.RUnlock()
	if len(missing) > 0 {
		fetched, err := store.GetManySkills(ctx, missing)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		for _, s := range fetched {
			found[s.Code] = s
			c.m[s.Code] = skillEntry{skill: s, until: now.Add(c.ttl)}
		}
		c.mu.Unlock()
	}
	out := make([]graph.Skill, 0, len(codes))
	for _, code := range codes {
		if s, ok := found[code]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}
