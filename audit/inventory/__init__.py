"""The model inventory: its schema, its data tags and a loader that keeps line numbers."""

from audit.inventory.loader import LoadedInventory, load_inventory
from audit.inventory.schema import Inventory

__all__ = ["Inventory", "LoadedInventory", "load_inventory"]
