// Command kube-apiserver runs a real Kubernetes API server for custom
// resources on loopback, for tests and demos: the upstream apiextensions
// (CRD) apiserver plus /apis discovery and OpenAPI, an embedded etcd, and an
// in-process token authentication/authorization webhook. See README.md.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"

	"k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/klog/v2"
)

const (
	defaultAdminToken  = "kratix-backstage-admin-token"
	defaultReaderToken = "kratix-backstage-reader-token"
)

type cliOptions struct {
	dataDir        string
	bindAddress    string
	securePort     int
	etcdServers    []string
	etcdPrefix     string
	etcdNoFsync    bool
	watchCache     bool
	adminToken     string
	readerToken    string
	exitWithParent bool
}

// readyLine is printed (one JSON line on stdout) once /healthz answers 200.
type readyLine struct {
	Ready            bool   `json:"ready"`
	URL              string `json:"url"`
	Port             int    `json:"port"`
	DataDir          string `json:"dataDir"`
	AdminKubeconfig  string `json:"adminKubeconfig"`
	ReaderKubeconfig string `json:"readerKubeconfig"`
	CAFile           string `json:"caFile"`
	AdminToken       string `json:"adminToken"`
	ReaderToken      string `json:"readerToken"`
	EtcdURL          string `json:"etcdUrl"`
	EtcdPrefix       string `json:"etcdPrefix"`
	PID              int    `json:"pid"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		klog.Flush()
		fmt.Fprintf(os.Stderr, "kube-apiserver: %v\n", err)
		os.Exit(1)
	}
	klog.Flush()
}

func run(args []string) error {
	// Everything after "--" goes to the upstream apiserver flag set.
	var passthrough []string
	for i, a := range args {
		if a == "--" {
			args, passthrough = args[:i], args[i+1:]
			break
		}
	}

	var o cliOptions
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	fs.StringVar(&o.dataDir, "data-dir", "", "Directory for etcd data, certificates and kubeconfigs (required). Reusing it keeps the data.")
	fs.StringVar(&o.bindAddress, "bind-address", "127.0.0.1", "Address the apiserver (and embedded etcd) listen on.")
	fs.IntVar(&o.securePort, "secure-port", 0, "HTTPS port; 0 picks a free port (printed in the ready line and written to <data-dir>/server-url).")
	fs.StringSliceVar(&o.etcdServers, "etcd-servers", nil, "Use this external etcd (comma-separated URLs) instead of the embedded one.")
	fs.StringVar(&o.etcdPrefix, "etcd-prefix", "/registry", "Key prefix for all resources in etcd.")
	fs.BoolVar(&o.etcdNoFsync, "etcd-unsafe-no-fsync", true, "Embedded etcd skips fsync (fast; data survives a killed process, not a power loss).")
	fs.BoolVar(&o.watchCache, "watch-cache", true, "Enable the apiserver watch cache. false makes expired continue tokens / compacted watches give a real 410 Gone from etcd.")
	fs.StringVar(&o.adminToken, "admin-token", defaultAdminToken, "Bearer token of user \"admin\" (group system:masters, may do anything).")
	fs.StringVar(&o.readerToken, "reader-token", defaultReaderToken, "Bearer token of user \"reader\" (verbs get, list, watch only).")
	fs.BoolVar(&o.exitWithParent, "exit-with-parent", false, "Shut down when the parent process dies (Linux only).")

	klogFlags := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(klogFlags)
	// Quiet by default: warnings and errors only; --v=1 or more shows info logs.
	_ = klogFlags.Set("legacy_stderr_threshold_behavior", "false")
	_ = klogFlags.Set("stderrthreshold", "WARNING")
	fs.AddGoFlag(klogFlags.Lookup("v"))
	fs.AddGoFlag(klogFlags.Lookup("vmodule"))

	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: kube-apiserver --data-dir DIR [flags] [-- upstream apiserver flags]\n\n%s", fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (upstream apiserver flags go after --)", fs.Args())
	}
	if v := klogFlags.Lookup("v").Value.String(); v != "" && v != "0" {
		_ = klogFlags.Set("stderrthreshold", "INFO")
	}
	if o.dataDir == "" {
		fs.Usage()
		return errors.New("--data-dir is required")
	}
	if o.adminToken == "" || o.readerToken == "" || o.adminToken == o.readerToken {
		return errors.New("--admin-token and --reader-token must be non-empty and different")
	}
	dataDir, err := filepath.Abs(o.dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	if err := lockDataDir(dataDir); err != nil {
		return err
	}
	for _, f := range []string{"server-url", "etcd-url"} {
		_ = os.Remove(filepath.Join(dataDir, f))
	}

	if o.exitWithParent {
		if err := exitWithParent(); err != nil {
			return err
		}
	}

	// SIGINT/SIGTERM: graceful stop; a second signal exits at once.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-sigs
		klog.Infof("received %v, shutting down", s)
		cancel()
		<-sigs
		os.Exit(1)
	}()

	// Listen first, so that port 0 resolves before writing kubeconfigs.
	ln, err := net.Listen("tcp", net.JoinHostPort(o.bindAddress, strconv.Itoa(o.securePort)))
	if err != nil {
		return fmt.Errorf("listening on %s:%d: %w", o.bindAddress, o.securePort, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	host := o.bindAddress
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	serverURL := "https://" + net.JoinHostPort(host, strconv.Itoa(port))

	certs, err := ensureCerts(filepath.Join(dataDir, "certs"), o.bindAddress)
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}

	tokens := map[string]identity{
		o.adminToken:  {User: "admin", Groups: []string{"system:masters", "system:authenticated"}},
		o.readerToken: {User: "reader", Groups: []string{"system:authenticated"}, ReadOnly: true},
	}
	auth, err := startAuthServer("127.0.0.1", tokens)
	if err != nil {
		return fmt.Errorf("auth webhook: %w", err)
	}
	defer auth.Close()

	files := map[string]string{
		"admin":   filepath.Join(dataDir, "admin.kubeconfig"),
		"reader":  filepath.Join(dataDir, "reader.kubeconfig"),
		"webhook": filepath.Join(dataDir, "auth-webhook.kubeconfig"),
	}
	if err := writeKubeconfig(files["admin"], "admin", serverURL, certs.CAPEM, o.adminToken); err != nil {
		return err
	}
	if err := writeKubeconfig(files["reader"], "reader", serverURL, certs.CAPEM, o.readerToken); err != nil {
		return err
	}
	if err := writeKubeconfig(files["webhook"], "auth-webhook", auth.URL, nil, ""); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dataDir, "server-url"), []byte(serverURL+"\n"), 0o644); err != nil {
		return err
	}

	etcdServers := o.etcdServers
	var etcd *embed.Etcd
	if len(etcdServers) == 0 {
		var url string
		etcd, url, err = startEtcd(filepath.Join(dataDir, "etcd"), host, o.etcdNoFsync)
		if err != nil {
			return err
		}
		defer func() {
			etcdLogLevel.SetLevel(zap.FatalLevel)
			etcd.Close()
		}()
		etcdServers = []string{url}
	}
	if err := writeFileAtomic(filepath.Join(dataDir, "etcd-url"), []byte(etcdServers[0]+"\n"), 0o644); err != nil {
		return err
	}

	server, err := newServer(&o, passthrough, ln, certs, files["webhook"], etcdServers)
	if err != nil {
		return err
	}

	errCh := make(chan error, 1)
	go func() { errCh <- server.PrepareRun().RunWithContext(ctx) }()

	go func() {
		client, err := waitHealthy(ctx, serverURL, certs.CAPEM)
		if err != nil {
			return
		}
		warmUpCustomResources(ctx, client, serverURL, o.adminToken)
		if ctx.Err() != nil {
			return
		}
		line, _ := json.Marshal(readyLine{
			Ready: true, URL: serverURL, Port: port, DataDir: dataDir,
			AdminKubeconfig: files["admin"], ReaderKubeconfig: files["reader"], CAFile: certs.CAFile,
			AdminToken: o.adminToken, ReaderToken: o.readerToken,
			EtcdURL: etcdServers[0], EtcdPrefix: o.etcdPrefix, PID: os.Getpid(),
		})
		fmt.Fprintln(os.Stdout, string(line))
	}()

	var etcdErr <-chan error
	if etcd != nil {
		etcdErr = etcd.Err()
	}
	select {
	case err := <-errCh:
		if err != nil {
			return fmt.Errorf("apiserver: %w", err)
		}
		if ctx.Err() == nil {
			return errors.New("apiserver stopped unexpectedly")
		}
	case err := <-etcdErr:
		cancel()
		<-errCh
		return fmt.Errorf("embedded etcd: %w", err)
	}
	klog.Info("apiserver stopped")
	return nil
}

// newServer configures the upstream CRD apiserver the way its standalone
// command does, with defaults for running without kube-apiserver, plus
// discovery and OpenAPI.
func newServer(o *cliOptions, passthrough []string, ln net.Listener, certs *servingCerts, webhookKubeconfig string, etcdServers []string) (*genericapiserver.GenericAPIServer, error) {
	so := options.NewCustomResourceDefinitionsServerOptions(os.Stderr, os.Stderr)
	ro := so.RecommendedOptions

	ro.SecureServing.Listener = ln
	ro.SecureServing.BindAddress = net.ParseIP(o.bindAddress)
	ro.SecureServing.BindPort = ln.Addr().(*net.TCPAddr).Port
	ro.SecureServing.ServerCert.CertKey.CertFile = certs.CertFile
	ro.SecureServing.ServerCert.CertKey.KeyFile = certs.KeyFile

	ro.Etcd.StorageConfig.Transport.ServerList = etcdServers
	ro.Etcd.StorageConfig.Prefix = o.etcdPrefix
	ro.Etcd.EnableWatchCache = o.watchCache

	// Token authentication and authorization are delegated to the in-process
	// webhook. No caching: every request asks it (it is fast and local).
	ro.Authentication.RemoteKubeConfigFile = webhookKubeconfig
	ro.Authentication.SkipInClusterLookup = true
	ro.Authentication.CacheTTL = 0
	ro.Authorization.RemoteKubeConfigFile = webhookKubeconfig
	ro.Authorization.AllowCacheTTL = 0
	ro.Authorization.DenyCacheTTL = 0
	ro.Authorization.AlwaysAllowGroups = []string{"system:masters"}

	// The "core API" (for the shared informers, e.g. Services) is the
	// webhook server's empty stand-in, since there is no kube-apiserver.
	ro.CoreAPI.CoreAPIKubeconfigPath = webhookKubeconfig
	ro.Features.EnablePriorityAndFairness = false
	ro.Admission.DisablePlugins = []string{
		"NamespaceLifecycle", "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook",
		"ValidatingAdmissionPolicy", "MutatingAdmissionPolicy",
	}

	if len(passthrough) > 0 {
		pfs := pflag.NewFlagSet("apiserver", pflag.ContinueOnError)
		so.AddFlags(pfs)
		if err := pfs.Parse(passthrough); err != nil {
			return nil, fmt.Errorf("apiserver flags after --: %w", err)
		}
	}
	if err := so.ServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return nil, err
	}
	if err := so.Complete(); err != nil {
		return nil, err
	}
	if err := so.Validate(); err != nil {
		return nil, err
	}

	config, err := so.Config()
	if err != nil {
		return nil, err
	}
	gc := config.GenericConfig
	defs := openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
	namer := openapinamer.NewDefinitionNamer(apiserver.Scheme, scheme.Scheme)
	gc.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(defs, namer)
	gc.OpenAPIConfig.Info.Title = "Kubernetes"
	if gc.OpenAPIV3Config == nil {
		gc.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(defs, namer)
	}
	gc.OpenAPIV3Config.Info.Title = "Kubernetes"
	if gc.EffectiveVersion != nil {
		v := serverVersion("v" + gc.EffectiveVersion.BinaryVersion().String())
		gc.EffectiveVersion = versionInfo{gc.EffectiveVersion, v}
		gc.OpenAPIConfig.Info.Version, gc.OpenAPIV3Config.Info.Version = v, v
	}

	completed := config.Complete()
	// Upstream leaves discovery to kube-aggregator; standalone we serve it.
	completed.GenericConfig.EnableDiscovery = true

	crds, err := completed.New(genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	return crds.GenericAPIServer, nil
}

func writeKubeconfig(path, name, server string, caPEM []byte, token string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[name] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	cfg.CurrentContext = name
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data, 0o600)
}

// waitHealthy polls /healthz until it answers 200 or ctx ends. It returns
// an HTTP client that trusts the serving CA.
func waitHealthy(ctx context.Context, serverURL string, caPEM []byte) (*http.Client, error) {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{
		Timeout:   2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	start := time.Now()
	warned := false
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, serverURL+"/healthz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				klog.V(1).Infof("healthy after %v", time.Since(start))
				return client, nil
			}
		}
		if !warned && time.Since(start) > time.Minute {
			klog.Warningf("%s/healthz not 200 after a minute; still waiting", serverURL)
			warned = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
