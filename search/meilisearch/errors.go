package meilisearch

import (
	"context"
	"errors"
	"fmt"
	"strings"

	meili "github.com/meilisearch/meilisearch-go"

	"jiangxin/graph"
	"jiangxin/search"
)

// errIndexExists marks a failed index creation because the index is already there.
var errIndexExists = errors.New("index already exists")

// TaskError is a Meilisearch task that ended without succeeding. It wraps search.ErrInvalid when
// the server rejected our input (error type invalid_request with a code starting with invalid_
// or missing_) and search.ErrUnavailable otherwise.
type TaskError struct {
	Op      string // what we were doing, e.g. "index documents"
	TaskUID int64
	Status  string // failed or canceled
	Code    string // Meilisearch error code, e.g. invalid_document_id
	Type    string // Meilisearch error type, e.g. invalid_request
	Message string
}

// Error returns a one-line description.
func (e *TaskError) Error() string {
	return fmt.Sprintf("%s: meilisearch task %d %s: %s (%s)", e.Op, e.TaskUID, e.Status, e.Message, e.Code)
}

// Unwrap classifies the failure.
func (e *TaskError) Unwrap() error {
	switch {
	case e.Code == "index_already_exists":
		return errIndexExists
	case invalidInput(e.Code, e.Type):
		return graph.ErrInvalid
	}
	return search.ErrUnavailable
}

// invalidInput reports whether a Meilisearch error blames the request's content (as opposed to
// authentication, a missing index or the server itself).
func invalidInput(code, typ string) bool {
	return typ == "invalid_request" && (strings.HasPrefix(code, "invalid_") || strings.HasPrefix(code, "missing_"))
}

// wait checks the enqueue call's result, waits for the task and checks its final status.
func (ix *Index) wait(ctx context.Context, op string, info *meili.TaskInfo, err error) error {
	if err != nil {
		return translate(ctx, op, err)
	}
	if info == nil {
		return search.Unavailable(op, errors.New("no task returned"))
	}
	task, err := ix.client.WaitForTaskWithContext(ctx, info.TaskUID, ix.interval)
	if err != nil {
		return translate(ctx, op+": wait for task", err)
	}
	if task.Status == meili.TaskStatusSucceeded {
		return nil
	}
	return &TaskError{Op: op, TaskUID: info.TaskUID, Status: string(task.Status), Code: task.Error.Code,
		Type: task.Error.Type, Message: task.Error.Message}
}

// apiCode returns the Meilisearch error code carried by err, or "".
func apiCode(err error) string {
	var me *meili.Error
	if errors.As(err, &me) {
		return me.MeilisearchApiError.Code
	}
	return ""
}

// translate maps a client error: the context's own error when it ended; ErrInvalid (wrapped, with
// the server's message) for a rejected request; ErrUnavailable for everything else (network
// failures, authentication, server errors).
func translate(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, search.ErrClosed) {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", op, ctx.Err())
	}
	var me *meili.Error
	if errors.As(err, &me) {
		api := me.MeilisearchApiError
		if invalidInput(api.Code, api.Type) {
			return graph.Invalid("query", "%s: %s (%s)", op, api.Message, api.Code)
		}
		if api.Code != "" {
			return fmt.Errorf("%s: meilisearch %d %s: %s: %w", op, me.StatusCode, api.Code, api.Message, search.ErrUnavailable)
		}
	}
	return search.Unavailable(op, err)
}
