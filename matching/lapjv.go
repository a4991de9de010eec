package matching

// maxDenseCells bounds the dense matrix (cells of int64) the LAPJV path may allocate: 512 MiB.
const maxDenseCells = 1 << 26

// denseSlots returns the number of mentor slots (capacity expanded) of a complete instance.
func (p *problem) denseSlots() int {
	slots := 0
	for _, k := range p.cap {
		slots += int(k)
	}
	return slots
}

// denseOK reports whether the instance is complete (every apprentice eligible for every mentor
// with a positive scaled score and every mentor with capacity), small enough to hold as a dense
// square matrix, and not much inflated by that: then a maximum-weight assignment is a maximum-
// weight perfect matching of the padded square slot matrix (any unmatched apprentice could take
// a free slot and gain), which LAPJV solves fastest.
func (p *problem) denseOK() bool {
	if p.n == 0 || p.m == 0 || len(p.adjCol) != p.n*p.m {
		return false
	}
	N := max(p.n, p.denseSlots())
	return N*N <= maxDenseCells && N*N <= 4*p.n*p.m && p.n*p.m >= 64
}

// solveDense builds the N×N cost matrix (rows: apprentices then padding; columns: mentor slots
// then padding; cost −score, padding 0), solves it with LAPJV and maps slots back to edges.
func (p *problem) solveDense() []int32 {
	slots := p.denseSlots()
	N := max(p.n, slots)
	slotCol := make([]int32, slots)
	base := make([]int, p.m)
	k := 0
	for j := 0; j < p.m; j++ {
		base[j] = k
		for c := int32(0); c < p.cap[j]; c++ {
			slotCol[k] = int32(j)
			k++
		}
	}
	cost := make([]int64, N*N)
	for i := 0; i < p.n; i++ {
		row := cost[i*N : (i+1)*N]
		for e := p.rowStart[i]; e < p.rowStart[i+1]; e++ {
			j := p.adjCol[e]
			w := -p.adjW[e]
			for s := base[j]; s < base[j]+int(p.cap[j]); s++ {
				row[s] = w
			}
		}
	}
	x := lapjv(N, cost)
	match := make([]int32, p.n)
	colEdge := make([]int32, p.m)
	for i := 0; i < p.n; i++ {
		match[i] = -1
		s := int(x[i])
		if s >= slots {
			continue
		}
		for e := p.rowStart[i]; e < p.rowStart[i+1]; e++ {
			colEdge[p.adjCol[e]] = e
		}
		match[i] = colEdge[slotCol[s]]
	}
	return match
}

// lapjv solves the dense square linear assignment problem min Σ cost[i*n+x[i]] exactly with
// the Jonker–Volgenant algorithm (column reduction, reduction transfer, two rounds of
// augmenting row reduction, then shortest augmenting paths with dense Dijkstra) and returns the
// column of each row. Costs must be bounded well inside int64.
func lapjv(n int, cost []int64) []int32 {
	const big = int64(1) << 62
	x := make([]int32, n) // column of row
	y := make([]int32, n) // row of column
	v := make([]int64, n)
	matches := make([]int32, n)
	free := make([]int32, n)
	for i := range x {
		x[i], y[i] = -1, -1
	}
	// Column reduction, scanning rows for cache friendliness; ties go to the lowest row.
	imin := make([]int32, n)
	copy(v, cost[:n])
	for i := 1; i < n; i++ {
		row := cost[i*n : (i+1)*n]
		for j, c := range row {
			if c < v[j] {
				v[j], imin[j] = c, int32(i)
			}
		}
	}
	for j := n - 1; j >= 0; j-- {
		i := imin[j]
		matches[i]++
		switch {
		case matches[i] == 1:
			x[i], y[j] = int32(j), i
		case v[j] < v[x[i]]:
			y[x[i]] = -1
			x[i], y[j] = int32(j), i
		}
	}
	numFree := 0
	for i := 0; i < n; i++ {
		switch matches[i] {
		case 0:
			free[numFree] = int32(i)
			numFree++
		case 1:
			// Reduction transfer.
			j1 := int(x[i])
			row := cost[i*n : (i+1)*n]
			m := big
			for j, c := range row {
				if j != j1 {
					if h := c - v[j]; h < m {
						m = h
					}
				}
			}
			v[j1] -= m
		}
	}
	// Augmenting row reduction, two rounds.
	for loop := 0; loop < 2 && numFree > 0; loop++ {
		k := 0
		prev := numFree
		numFree = 0
		for k < prev {
			i := int(free[k])
			k++
			row := cost[i*n : (i+1)*n]
			umin := row[0] - v[0]
			j1, j2 := 0, -1
			usub := big
			for j := 1; j < n; j++ {
				h := row[j] - v[j]
				if h < usub {
					if h >= umin {
						usub, j2 = h, j
					} else {
						usub, umin = umin, h
						j2, j1 = j1, j
					}
				}
			}
			i0 := y[j1]
			if umin < usub {
				v[j1] -= usub - umin
			} else if i0 >= 0 && j2 >= 0 {
				j1 = j2
				i0 = y[j2]
			}
			x[i], y[j1] = int32(j1), int32(i)
			if i0 >= 0 {
				x[i0] = -1
				if umin < usub {
					k--
					free[k] = i0
				} else {
					free[numFree] = i0
					numFree++
				}
			}
		}
	}
	// Augmentation: dense Dijkstra from each free row.
	d := make([]int64, n)
	pred := make([]int32, n)
	cols := make([]int32, n)
	for f := 0; f < numFree; f++ {
		freeRow := int(free[f])
		row := cost[freeRow*n : (freeRow+1)*n]
		for j := 0; j < n; j++ {
			d[j] = row[j] - v[j]
			pred[j] = int32(freeRow)
			cols[j] = int32(j)
		}
		low, up := 0, 0 // cols[:low] scanned, cols[low:up] at the current minimum
		last := 0
		var minD int64
		end := -1
		for end < 0 {
			if up == low {
				last = low - 1
				minD = d[cols[up]]
				up++
				for k := up; k < n; k++ {
					j := cols[k]
					h := d[j]
					if h <= minD {
						if h < minD {
							up = low
							minD = h
						}
						cols[k], cols[up] = cols[up], j
						up++
					}
				}
				for k := low; k < up; k++ {
					if y[cols[k]] < 0 {
						end = int(cols[k])
						break
					}
				}
			}
			if end >= 0 {
				break
			}
			j1 := int(cols[low])
			low++
			i := int(y[j1])
			ri := cost[i*n : (i+1)*n]
			u1 := ri[j1] - v[j1] - minD
			for k := up; k < n; k++ {
				j := cols[k]
				v2 := ri[j] - v[j] - u1
				if v2 < d[j] {
					pred[j] = int32(i)
					if v2 == minD {
						if y[j] < 0 {
							end = int(j)
							break
						}
						cols[k], cols[up] = cols[up], j
						up++
					}
					d[j] = v2
				}
			}
		}
		for k := 0; k <= last; k++ {
			j := cols[k]
			v[j] += d[j] - minD
		}
		for {
			i := pred[end]
			y[end] = i
			j := end
			end = int(x[i])
			x[i] = int32(j)
			if int(i) == freeRow {
				break
			}
		}
	}
	return x
}
