// Package neo4j is a graph.Store on Neo4j through neo4j-go-driver v5. Callers import it as
// graphneo4j.
//
// # Model
//
// Every entity is a node labelled after its kind (Region, Union, Enterprise, Worker, Honour,
// Skill, Problem, Visit, Pairing, Studio, Target, Account, AuditEntry) whose domain ID is the
// property id (code for skills), each with a uniqueness constraint; Account.username is unique
// too. Element IDs are never exposed. Properties are
// camelCase; timestamps are int64 nanoseconds since the Unix epoch in UTC (exact round trip);
// dates are ISO strings; enums are their string names and levels their national numbers.
// Workers carry stacked role labels (:Worker:Craftsman:ModelWorker, :Worker:Apprentice) besides
// the ordered roles property.
//
// References between entities are relationships (UPPER_SNAKE), each owned by exactly one entity
// and rewritten when that entity is updated:
//
//	(Region)-[:PART_OF]->(Region)            (Union)-[:PART_OF]->(Union)
//	(Union)-[:IN_REGION]->(Region)           (Union)-[:AT_ENTERPRISE]->(Enterprise)
//	(Enterprise)-[:IN_REGION]->(Region)      (Enterprise)-[:MEMBER_OF]->(Union)
//	(Worker)-[:IN_REGION]->(Region)          (Worker)-[:WORKS_AT]->(Enterprise)
//	(Worker)-[:HAS_SKILL {level, certified, primary}]->(Skill)
//	(Worker)-[:HOLDS]->(Honour)              (Skill)-[:IN_CATEGORY]->(Skill)
//	(Problem)-[:POSTED_BY]->(Enterprise)     (Problem)-[:REQUIRES {minLevel}]->(Skill)
//	(Worker)-[:SOLVED]->(Problem)            owned by the problem (Problem.SolverIDs)
//	(Visit)-[:AT]->(Enterprise)              (Visit)-[:ADDRESSES]->(Problem)
//	(Worker)-[:VISITED]->(Visit)             owned by the visit (Visit.ExpertIDs)
//	(Pairing)-[:MENTOR]->(Worker)            (Pairing)-[:APPRENTICE]->(Worker)
//	(Pairing)-[:SPONSORED_BY]->(Union)       (Pairing)-[:FOR_SKILL]->(Skill)  agreement trade
//	(Studio)-[:LED_BY]->(Worker)             (Worker)-[:MEMBER_OF]->(Studio)  owned by the studio
//	(Studio)-[:HOSTED_BY]->(Enterprise)      (Studio)-[:SPECIALISES_IN]->(Skill)
//	(Target)-[:SET_BY]->(Union)
//	(Problem)-[:ROUTED_TO]->(Studio)         Problem.StudioIDs
//	(Visit)-[:INVITED {status, respondedAt}]->(Worker)   Visit.Invitations
//	(Account)-[:SCOPED_TO]->(Union|Enterprise|Worker)    Account.ScopeID, the kind per role
//
// Audit entries reference nothing (the entity named may be deleted later): their actor, entity
// and union IDs are plain properties, with indexes on entityId and actorId.
//
// A pairing is a node rather than a relationship between two workers because it has a life of
// its own (status, agreement, reviews, award) and is referenced by ID; the lineage (师承) is the
// path (Worker)<-[:MENTOR]-(Pairing)-[:APPRENTICE]->(Worker) repeated. Relationships that stand
// for ordered lists carry a pos property so that lists come back in the order written. Value
// lists that are not graph-worthy (pairing reviews, studio achievements, visit outcomes) are
// JSON string properties.
//
// # Transactions
//
// Writes run in session.ExecuteWrite, which retries transient errors (deadlocks, leader
// switches), reads in ExecuteRead; results are consumed inside the transaction function.
// Update* takes a write lock on the node before reading it, so concurrent updates serialise
// instead of losing writes. UpdatePairingAndApprentice and UpdateVisitAndProblems lock and
// write every node they change in one transaction (a visit's problems in ID order, so two such
// updates cannot deadlock over them). A pairing update that takes one of a mentor's slots
// (ACCEPTED or ACTIVE, from another status or another mentor) also locks the mentor's node
// before counting its committed pairings, so of two updates racing for the last slot the
// second counts after the first has committed and gets ErrConflict. Import writes the whole batch in one transaction with UNWIND
// statements of up to 10,000 rows, so the server's transaction memory bounds a batch: with a
// 1 GiB heap (716 MiB of transaction memory) 10,000 workers fit and 100,000 do not; 3 GiB
// carries 100,000. Cypher is always parameterised; labels and relationship types come from
// constants in this package.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"jiangxin/graph"
)

var _ graph.Store = (*Store)(nil)

// Config says where the Neo4j server is.
type Config struct {
	URI      string // e.g. bolt://127.0.0.1:7687 or neo4j://host:7687
	User     string // empty for a server with authentication disabled
	Password string
	Database string // empty for the server's default database
	// Log receives the availability changes (warn when the server goes, info when it is back);
	// nil discards them.
	Log *slog.Logger
}

// Store is a graph.Store backed by a Neo4j server. It is safe for concurrent use. While the
// server cannot be reached every call fails at once with an error wrapping
// graph.ErrUnavailable (see Available); a background prober notices its return.
type Store struct {
	driver      neo4j.DriverWithContext
	probeDriver neo4j.DriverWithContext // one connection, for the availability probe only
	db          string
	log         *slog.Logger
	br          *breaker
	stopProbe   context.CancelFunc
	probeDone   chan struct{}
}

// Driver timeouts. A request's own deadline (10 s by default) bounds every call anyway; these
// make a dead or black-holed server show within a second or two instead of the driver's
// defaults (a minute to acquire a connection, 30 s of transaction retries).
const (
	connectTimeout     = 2 * time.Second // dialling a server that does not answer
	acquisitionTimeout = 5 * time.Second // waiting for a pooled connection (or dialling one)
	maxRetryTime       = 5 * time.Second // retrying transient errors (deadlocks) in ExecuteWrite
)

// schema holds the constraints and indexes applied at Open, all idempotent.
var schema = []string{
	"CREATE CONSTRAINT skill_code IF NOT EXISTS FOR (n:Skill) REQUIRE n.code IS UNIQUE",
	"CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT union_id IF NOT EXISTS FOR (n:Union) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT enterprise_credit_code IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.creditCode IS UNIQUE",
	"CREATE CONSTRAINT worker_id IF NOT EXISTS FOR (n:Worker) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT worker_employee_key IF NOT EXISTS FOR (n:Worker) REQUIRE n.employeeKey IS UNIQUE",
	"CREATE CONSTRAINT honour_id IF NOT EXISTS FOR (n:Honour) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT problem_id IF NOT EXISTS FOR (n:Problem) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT visit_id IF NOT EXISTS FOR (n:Visit) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT pairing_id IF NOT EXISTS FOR (n:Pairing) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT studio_id IF NOT EXISTS FOR (n:Studio) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT target_id IF NOT EXISTS FOR (n:Target) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT account_username IF NOT EXISTS FOR (n:Account) REQUIRE n.username IS UNIQUE",
	"CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX audit_entity IF NOT EXISTS FOR (n:AuditEntry) ON (n.entityId)",
	"CREATE INDEX audit_actor IF NOT EXISTS FOR (n:AuditEntry) ON (n.actorId)",
	"CREATE INDEX skill_parent IF NOT EXISTS FOR (n:Skill) ON (n.parentCode)",
	// No indexes on status properties: their sampled selectivity lags behind bulk imports and
	// then lures the planner into starting traversals (lineage, similar problems) from a status
	// seek and a hash join instead of from the anchored worker or problem.
	"DROP INDEX problem_status IF EXISTS",
	"DROP INDEX pairing_status IF EXISTS",
	"CREATE INDEX enterprise_industry IF NOT EXISTS FOR (n:Enterprise) ON (n.industry)",
}

// Open connects to the server described by cfg, checks that it answers and applies the schema.
// It returns an error naming the URI when the server is unreachable or refuses the credentials.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, graph.Invalid("uri", "a Neo4j URI such as bolt://127.0.0.1:7687 is required")
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = 50
		c.ConnectionAcquisitionTimeout = acquisitionTimeout
		c.SocketConnectTimeout = connectTimeout
		c.MaxTransactionRetryTime = maxRetryTime
	})
	if err != nil {
		return nil, fmt.Errorf("open neo4j %s: %w", cfg.URI, err)
	}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		_ = driver.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("open neo4j: server at %s unreachable: %w", cfg.URI, err)
	}
	probeDriver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = 1
		c.ConnectionAcquisitionTimeout = probeTimeout
		c.SocketConnectTimeout = connectTimeout
		c.MaxTransactionRetryTime = 0
	})
	if err != nil {
		_ = driver.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("open neo4j %s: %w", cfg.URI, err)
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{driver: driver, probeDriver: probeDriver, db: cfg.Database, log: log.With("uri", cfg.URI), br: newBreaker()}
	if err := s.applySchema(ctx); err != nil {
		_ = driver.Close(context.WithoutCancel(ctx))
		_ = probeDriver.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	probeCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopProbe, s.probeDone = stop, make(chan struct{})
	go func() {
		defer close(s.probeDone)
		s.watch(probeCtx)
	}()
	return s, nil
}

func (s *Store) applySchema(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, q := range schema {
		// Schema commands cannot share a transaction with data writes; each runs on its own.
		res, err := sess.Run(ctx, q, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return fmt.Errorf("apply schema %q: %w", q, translate(err))
		}
	}
	sess2 := s.session(ctx, neo4j.AccessModeWrite)
	defer sess2.Close(ctx)
	res, err := sess2.Run(ctx, "CALL db.awaitIndexes(300)", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("await indexes: %w", translate(err))
	}
	return nil
}

// Ping returns nil when the server answers a trivial query (RETURN 1) on the store's database,
// so that a nil Ping means queries succeed. It fails at once with an error wrapping
// graph.ErrUnavailable while the store is marked down, and returns the server's or the
// context's error otherwise.
func (s *Store) Ping(ctx context.Context) error {
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		return exec(ctx, tx, "RETURN 1", nil)
	})
	if err != nil {
		return fmt.Errorf("ping neo4j: %w", err)
	}
	return nil
}

// Close stops the availability prober and closes the drivers and their connections. It returns
// the drivers' errors, if any.
func (s *Store) Close() error {
	if s.stopProbe != nil {
		s.stopProbe()
		<-s.probeDone
		s.stopProbe = nil
	}
	err := errors.Join(s.driver.Close(context.Background()), s.probeDriver.Close(context.Background()))
	if err != nil {
		return fmt.Errorf("close neo4j: %w", err)
	}
	return nil
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.db})
}

// write runs fn in a write transaction, retried on transient errors, and translates the error.
// It fails at once with an error wrapping graph.ErrUnavailable while the store is marked down,
// and is cancelled with that error when the store is marked down during the call.
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	if err := s.br.check(); err != nil {
		return err
	}
	ctx, release := s.br.bind(ctx)
	defer release()
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, fn(tx)
	})
	return s.outcome(ctx, err)
}

// read runs fn in a read transaction and translates the error, failing fast like write.
func (s *Store) read(ctx context.Context, fn func(tx neo4j.ManagedTransaction) error) error {
	if err := s.br.check(); err != nil {
		return err
	}
	ctx, release := s.br.bind(ctx)
	defer release()
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, fn(tx)
	})
	return s.outcome(ctx, err)
}

// query runs one read statement as an auto-commit transaction and returns its records: one
// round trip where a managed transaction takes two (BEGIN with RUN, then COMMIT); measured on
// the dev launcher, RETURN 1 took 0.9 ms at the median against 1.2 ms in ExecuteRead. Reads of
// one statement need no more than that statement's own consistency. Like ExecuteRead it tries a
// retryable failure again (up to three attempts), and it maps errors as read does.
func (s *Store) query(ctx context.Context, q string, params map[string]any) ([]*neo4j.Record, error) {
	if err := s.br.check(); err != nil {
		return nil, err
	}
	ctx, release := s.br.bind(ctx)
	defer release()
	var recs []*neo4j.Record
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if recs, err = s.runRead(ctx, q, params); err == nil {
			return recs, nil
		}
		if !neo4j.IsRetryable(err) || isUnavailable(err) || ctx.Err() != nil {
			break
		}
	}
	if ctx.Err() != nil && !errors.Is(context.Cause(ctx), errStoreDown) {
		// The caller's context ended: some driver errors for it do not wrap the context's.
		return nil, fmt.Errorf("neo4j: %w", ctx.Err())
	}
	return nil, s.outcome(ctx, err)
}

// runRead runs q once in a read session of its own.
func (s *Store) runRead(ctx context.Context, q string, params map[string]any) ([]*neo4j.Record, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// translate maps driver failures onto the domain errors; domain errors and context errors pass
// through unchanged, connectivity failures wrap graph.ErrUnavailable.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if cerr := contextError(err); cerr != nil {
		return fmt.Errorf("neo4j: %w", cerr)
	}
	if isUnavailable(err) {
		return unavailable(err)
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch {
		case ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed",
			strings.HasPrefix(ne.Code, "Neo.ClientError.Schema.") && strings.Contains(ne.Msg, "already exists with"):
			return fmt.Errorf("%s: %w", constraintMessage(ne.Msg), graph.ErrConflict)
		case ne.Code == "Neo.ClientError.Statement.SyntaxError",
			ne.Code == "Neo.ClientError.Statement.TypeError",
			ne.Code == "Neo.ClientError.Statement.ParameterMissing":
			return fmt.Errorf("neo4j: bad statement: %w", err)
		case strings.HasPrefix(ne.Code, "Neo.ClientError.Security."):
			return fmt.Errorf("neo4j: %w: %v", graph.ErrForbidden, err)
		}
	}
	return err
}

// constraintMessage turns a constraint violation into a message naming the property.
func constraintMessage(msg string) string {
	for _, p := range []string{"creditCode", "employeeKey", "username", "code", "id"} {
		if strings.Contains(msg, "`"+p+"`") || strings.Contains(msg, "."+p) || strings.Contains(msg, "property `"+p) {
			switch p {
			case "creditCode":
				return "credit code already taken"
			case "employeeKey":
				return "employee number already taken in this enterprise"
			case "username":
				return "username already taken"
			}
			return p + " already taken"
		}
	}
	return "already exists"
}

// collect runs q in tx and returns its records, consumed inside the transaction.
func collect(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// exec runs q in tx and discards its result.
func exec(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// Reset deletes every node and relationship, keeping the schema. It exists for tests and demo
// resets; it returns the server's error.
func (s *Store) Reset(ctx context.Context) error {
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		return exec(ctx, tx, "MATCH (n) DETACH DELETE n", nil)
	})
}

// Counts returns the number of nodes and relationships in the database, for tests and
// diagnostics. It returns the server's error.
func (s *Store) Counts(ctx context.Context) (nodes, relationships int, err error) {
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := collect(ctx, tx, "RETURN COUNT { (n) } AS n, COUNT { ()-[]->() } AS r", nil)
		if err != nil {
			return err
		}
		nodes, relationships = int(recs[0].Values[0].(int64)), int(recs[0].Values[1].(int64))
		return nil
	})
	return nodes, relationships, err
}
