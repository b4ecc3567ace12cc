package main

import (
	"context"
	"net/url"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/soap"
)

func govmomiNewClient(ctx context.Context, sc *soap.Client) (*vim25.Client, error) {
	return vim25.NewClient(ctx, sc)
}

func loginClient(ctx context.Context, c *govmomi.Client, user *url.Userinfo) error {
	c.SessionManager = session.NewManager(c.Client)
	return c.SessionManager.Login(ctx, user)
}
