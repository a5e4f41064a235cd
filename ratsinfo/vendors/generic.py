"""Any other OParl server: the OParl objects only, no pages."""

from ratsinfo.vendors import Vendor

VENDOR = Vendor(key="oparl", name="OParl")
