"""Ingest: contributed files become MyST documents under source/."""
