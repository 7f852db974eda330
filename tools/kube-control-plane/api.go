package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// apiClient is the few admin requests the launcher makes itself.
type apiClient struct {
	url, token string
	http       *http.Client
}

func newAPIClient(url string, caPEM []byte, token string) *apiClient {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return &apiClient{url: url, token: token, http: &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}}
}

func (a *apiClient) do(ctx context.Context, method, path, contentType string, body any, out any) (int, error) {
	var r io.Reader
	if raw, ok := body.([]byte); ok {
		r = bytes.NewReader(raw)
	} else if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.url+path, r)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s answered %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(data))
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(data, out)
	}
	return resp.StatusCode, nil
}

// createIfMissing POSTs obj into collection; an existing object is kept.
func (a *apiClient) createIfMissing(ctx context.Context, collection string, obj any) error {
	code, err := a.do(ctx, http.MethodPost, collection, "application/json", obj, nil)
	if code == http.StatusConflict {
		return nil
	}
	return err
}

// installCRDs creates the CustomResourceDefinitions in dir (YAML, one per
// file) and waits until group/version serves them all.
func (a *apiClient) installCRDs(ctx context.Context, dir, groupVersion string, plurals []string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("kwok CRDs: %w", err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		code, err := a.do(ctx, http.MethodPost, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/yaml", data, nil)
		if err != nil && code != http.StatusConflict {
			return fmt.Errorf("installing %s: %w", e.Name(), err)
		}
	}
	for {
		var list struct {
			Resources []struct {
				Name string `json:"name"`
			} `json:"resources"`
		}
		if _, err := a.do(ctx, http.MethodGet, "/apis/"+groupVersion, "", nil, &list); err == nil {
			served := map[string]bool{}
			for _, r := range list.Resources {
				served[r.Name] = true
			}
			all := true
			for _, p := range plurals {
				all = all && served[p]
			}
			if all {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s %v not served: %w", groupVersion, plurals, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// bootstrapReader lets user "reader" get, list and watch everything, as the
// light server's read-only identity may.
func (a *apiClient) bootstrapReader(ctx context.Context) error {
	const name = "kube-control-plane:reader"
	role := map[string]any{
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
		"metadata": map[string]any{"name": name},
		"rules": []any{
			map[string]any{"apiGroups": []string{"*"}, "resources": []string{"*"}, "verbs": []string{"get", "list", "watch"}},
			map[string]any{"nonResourceURLs": []string{"*"}, "verbs": []string{"get"}},
		},
	}
	binding := map[string]any{
		"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
		"metadata": map[string]any{"name": name},
		"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
		"subjects": []any{map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "reader"}},
	}
	if err := a.createIfMissing(ctx, "/apis/rbac.authorization.k8s.io/v1/clusterroles", role); err != nil {
		return err
	}
	return a.createIfMissing(ctx, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", binding)
}

type node struct {
	Spec struct {
		Taints []map[string]any `json:"taints"`
	} `json:"spec"`
	Status struct {
		Conditions []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
		} `json:"conditions"`
		DaemonEndpoints struct {
			KubeletEndpoint struct {
				Port int `json:"Port"`
			} `json:"kubeletEndpoint"`
		} `json:"daemonEndpoints"`
	} `json:"status"`
}

// ensureNode creates the kwok Node (once per data dir), waits until kwok
// reports it Ready, points it at this run's kubelet port and drops the
// not-ready taint that admission put on it at creation.
func (a *apiClient) ensureNode(ctx context.Context, kubeletPort int) error {
	path := "/api/v1/nodes/" + nodeName
	err := a.createIfMissing(ctx, "/api/v1/nodes", map[string]any{
		"apiVersion": "v1", "kind": "Node",
		"metadata": map[string]any{
			"name":        nodeName,
			"annotations": map[string]string{"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
			"labels": map[string]string{
				"type": "kwok", "kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux",
				"kubernetes.io/arch": "amd64", "node-role.kubernetes.io/agent": "",
			},
		},
	})
	if err != nil {
		return err
	}
	for {
		var n node
		if _, err := a.do(ctx, http.MethodGet, path, "", nil, &n); err == nil && isReady(n) {
			if n.Status.DaemonEndpoints.KubeletEndpoint.Port != kubeletPort {
				patch := map[string]any{"status": map[string]any{"daemonEndpoints": map[string]any{"kubeletEndpoint": map[string]any{"Port": kubeletPort}}}}
				if _, err := a.do(ctx, http.MethodPatch, path+"/status", "application/merge-patch+json", patch, nil); err != nil {
					return err
				}
			}
			var keep []map[string]any
			for _, t := range n.Spec.Taints {
				if k, _ := t["key"].(string); k != "node.kubernetes.io/not-ready" && k != "node.kubernetes.io/unreachable" {
					keep = append(keep, t)
				}
			}
			if len(keep) != len(n.Spec.Taints) {
				patch := map[string]any{"spec": map[string]any{"taints": keep}}
				if _, err := a.do(ctx, http.MethodPatch, path, "application/merge-patch+json", patch, nil); err != nil {
					return err
				}
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("node %s not Ready: %w", nodeName, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func isReady(n node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == "Ready" {
			return c.Status == "True"
		}
	}
	return false
}

// waitNamespaceReady waits for the controller-manager to give namespace ns its
// default ServiceAccount, without which no Pod can be created there.
func (a *apiClient) waitNamespaceReady(ctx context.Context, ns string) error {
	for {
		if _, err := a.do(ctx, http.MethodGet, "/api/v1/namespaces/"+ns+"/serviceaccounts/default", "", nil, nil); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("ServiceAccount %s/default never appeared (is kube-controller-manager running?): %w", ns, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
