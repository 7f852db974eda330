package main

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"k8s.io/klog/v2"
)

// warmUpCustomResources lists every served version of every established CRD
// once (limit=1) until it stops answering 429. Right after a (re)start the
// watch cache of each custom resource initialises lazily and answers
// "429 storage is (re)initializing" meanwhile; client-go retries that, but
// simpler clients do not. Called before the ready line is printed.
func warmUpCustomResources(ctx context.Context, client *http.Client, serverURL, token string) {
	get := func(path string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, serverURL+path, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/json")
		return client.Do(req)
	}
	resp, err := get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
	if err != nil {
		return
	}
	var crds struct {
		Items []struct {
			Spec struct {
				Group string `json:"group"`
				Scope string `json:"scope"`
				Names struct {
					Plural string `json:"plural"`
				} `json:"names"`
				Versions []struct {
					Name   string `json:"name"`
					Served bool   `json:"served"`
				} `json:"versions"`
			} `json:"spec"`
		} `json:"items"`
	}
	err = json.NewDecoder(resp.Body).Decode(&crds)
	resp.Body.Close()
	if err != nil {
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, crd := range crds.Items {
		for _, v := range crd.Spec.Versions {
			if !v.Served {
				continue
			}
			path := "/apis/" + crd.Spec.Group + "/" + v.Name + "/" + crd.Spec.Names.Plural + "?limit=1"
			for time.Now().Before(deadline) {
				resp, err := get(path)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
					break
				}
				klog.V(2).Infof("warm-up: %s answered %d, retrying", path, resp.StatusCode)
				select {
				case <-ctx.Done():
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		}
	}
}
