"""End-to-end tests of the kiosk app: real window, real backend, virtual card on pcscd."""
