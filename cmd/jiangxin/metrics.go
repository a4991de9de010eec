package main

import "errors"

// backlog returns how many entity IDs wait in the search journal (the outbox) for the indexer.
func (m *Main) backlog() (int, error) {
	if m.Indexer == nil || m.Indexer.Journal() == nil {
		return 0, errors.New("no search journal open")
	}
	return m.Indexer.Journal().Len()
}
