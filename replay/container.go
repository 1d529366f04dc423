package replay

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	tcpostgres "github.com/testcontainers/testcontainers-go/modules/postgres"
	"github.com/testcontainers/testcontainers-go/wait"
)

// DefaultImage is the image of --db container when --postgres-image is not given.
const DefaultImage = "postgres:17"

// Container runs PostgreSQL in a throwaway Docker container through
// testcontainers-go. The image must behave like the official one
// (POSTGRES_USER/PASSWORD/DB, "postgres" as its command).
type Container struct {
	Image string
	// Log receives testcontainers' progress lines; nil discards them.
	Log tclog.Logger
}

func (c *Container) Name() string { return "container" }

// DockerAvailable reports whether a Docker daemon answers, and why not.
func DockerAvailable(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil { // testcontainers panics on some broken setups
			err = fmt.Errorf("docker: %v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return err
	}
	return p.Health(ctx)
}

func (c *Container) Start(ctx context.Context) (*Server, error) {
	t0 := time.Now()
	img := c.Image
	if img == "" {
		img = DefaultImage
	}
	logger := c.Log
	if logger == nil {
		logger = tclog.NewNoopLogger()
	}
	ctr, err := tcpostgres.Run(ctx, img,
		testcontainers.WithLogger(logger),
		tcpostgres.WithDatabase("postgres"),
		tcpostgres.WithUsername("postgres"),
		tcpostgres.WithPassword("retort"),
		testcontainers.WithLabels(map[string]string{"dev.retort.replay": "true", "dev.retort.pid": strconv.Itoa(os.Getpid())}),
		testcontainers.WithCmd("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"),
		testcontainers.WithWaitStrategyAndDeadline(90*time.Second,
			wait.ForLog("database system is ready to accept connections").WithOccurrence(2),
			wait.ForListeningPort("5432/tcp")),
	)
	stop := func(context.Context) error {
		if ctr == nil {
			return nil
		}
		return testcontainers.TerminateContainer(ctr, testcontainers.StopTimeout(0))
	}
	if err != nil {
		_ = stop(context.Background())
		return nil, &ProviderError{"container", fmt.Errorf("start %s: %w", img, err)}
	}
	u, err := ctr.ConnectionString(ctx, "sslmode=disable")
	if err == nil {
		err = waitReady(ctx, u, nil, 30*time.Second)
	}
	if err != nil {
		_ = stop(context.Background())
		return nil, &ProviderError{"container", fmt.Errorf("%s: %w", img, err)}
	}
	return &Server{Kind: "container", URL: pythonURL(u), Start: time.Since(t0), stop: stop}, nil
}

// Auto uses a container when Docker answers, else a local cluster when
// initdb is found, else fails saying what it tried.
type Auto struct {
	Image  string
	chosen Provider
}

func (a *Auto) Name() string {
	if a.chosen != nil {
		return a.chosen.Name()
	}
	return "auto"
}

func (a *Auto) Start(ctx context.Context) (*Server, error) {
	var cerr error
	if derr := DockerAvailable(ctx); derr == nil {
		a.chosen = &Container{Image: a.Image}
		srv, err := a.chosen.Start(ctx)
		if err == nil || ctx.Err() != nil {
			return srv, err
		}
		cerr = err // e.g. the image cannot be pulled: try a local cluster
	} else {
		cerr = fmt.Errorf("docker does not answer (%v)", derr)
	}
	bin, lerr := FindPostgresBin()
	if lerr == nil {
		a.chosen = &Local{BinDir: bin}
		srv, err := a.chosen.Start(ctx)
		if err == nil {
			srv.Fallback = cerr.Error()
			return srv, nil
		}
		lerr = err
	}
	return nil, &ProviderError{"auto", fmt.Errorf("no database to replay into: %v; and %v; start Docker, install PostgreSQL, or pass --db url with --database-url", cerr, lerr)}
}
