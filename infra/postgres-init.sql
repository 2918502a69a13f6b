-- One database per service (ARCHITECTURE.md → Databases).
CREATE DATABASE foyer_identity;
CREATE DATABASE foyer_registry;
CREATE DATABASE foyer_crm;
CREATE DATABASE foyer_imports;
CREATE DATABASE foyer_notify;
